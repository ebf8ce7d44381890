namespace Hermes.Ownership.Resolution;

/// <summary>An upstream (registry, GitHub, AWS, Kubernetes, Slack) could not answer and nothing cached could stand in.</summary>
public sealed class OwnershipSourceException : Exception
{
    public OwnershipSourceException(string message) : base(message)
    {
    }

    public OwnershipSourceException(string message, Exception inner) : base(message, inner)
    {
    }

    public OwnershipSourceException()
    {
    }
}
