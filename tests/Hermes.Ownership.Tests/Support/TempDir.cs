namespace Hermes.Ownership.Tests.Support;

/// <summary>A temporary folder removed at the end of the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("hermes-test-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
