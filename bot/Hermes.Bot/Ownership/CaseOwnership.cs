using Hermes.Bot.Cases;
using Hermes.Ownership.Catalog;
using Hermes.Ownership.Model;

namespace Hermes.Bot.Ownership;

/// <summary>Between a case's <see cref="Workload"/> and the ownership service's vocabulary.</summary>
public static class CaseOwnership
{
    public static WorkloadRef ToReference(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return new WorkloadRef(workload.Cluster, workload.Namespace, workload.Pod, workload.Image, workload.ImageDigest, workload.Labels);
    }

    /// <summary>The case's ownership answer, or null when nobody owns the workload.</summary>
    public static async Task<OwnershipAnswer?> ResolveAsync(this IOwnershipPort port, Workload workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(port);
        var answer = await port.LookupAsync(ToReference(workload), cancellationToken).ConfigureAwait(false);
        return ToCaseAnswer(answer);
    }

    public static OwnershipAnswer? ToCaseAnswer(Hermes.Ownership.Model.OwnershipAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!answer.Owned) return null;
        var f = answer.Facts;
        var provenance = new Dictionary<string, string>();
        void Add<T>(string name, Claim<T>? claim)
        {
            if (claim is not null) provenance[name] = $"{claim.Source}: {claim.Why}";
        }
        Add("service", f.Service);
        Add("system", f.System);
        Add("repository", f.Repository);
        Add("revision", f.Revision);
        Add("owners", f.Owners);
        Add("channel", f.Channel);
        Add("criticality", f.Criticality);
        Add("on-call", f.OnCall);
        var people = answer.People;
        foreach (var person in people.Where(p => p.WhyOrEmpty.Count > 0))
            provenance[$"person {Handle(person)}"] = string.Join("; ", person.WhyOrEmpty);
        return new OwnershipAnswer(f.Service?.Value ?? "(unnamed service)", f.Repository?.Value, people.Select(Handle).ToList(),
            f.Channel?.Value, f.Criticality?.Value, provenance, f.Revision?.Value, f.OnCall?.Value);
    }

    /// <summary>How the chat port knows a person: Slack id, else email, else the catalog or GitHub name.</summary>
    public static string Handle(Owner person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.SlackUserId ?? person.Email ?? (person.Origin == "catalog" ? EntityRef.Parse(person.Name, "user").Name : person.Name);
    }
}
