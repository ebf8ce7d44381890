using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using Hermes.Rules.Conditions;
using Hermes.Rules.Engine;
using Hermes.Rules.Fields;

namespace Hermes.Collector.State;

/// <summary>
/// The names <c>fd.cip.name</c>, <c>fd.sip.name</c>, <c>fd.lip.name</c> and <c>fd.rip.name</c> yield. As in Falco these
/// are not reverse lookups (a PTR record says little about who was contacted): the domain names the rules compare
/// these fields with are resolved, again every refresh interval, and an address is named by the rule's name that
/// resolves to it (<c>fd.sip.name="kubernetes.default.svc.cluster.local"</c> holds for a connection to the API
/// server's service address). Lookups happen off the capture thread; the capture thread reads an immutable snapshot.
/// </summary>
public sealed class DomainNames : IDisposable
{
    private static readonly HashSet<string> NameFields = ["fd.cip.name", "fd.sip.name", "fd.lip.name", "fd.rip.name"];

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly Timer _timer;
    private readonly TimeSpan _refresh;
    private FrozenDictionary<IpAddressValue, string> _byAddress = FrozenDictionary<IpAddressValue, string>.Empty;
    private IReadOnlyList<string> _names = [];

    /// <param name="refresh">How often the names are resolved again (addresses behind a name change).</param>
    /// <param name="resolve">The resolver; the system's (<c>/etc/hosts</c>, DNS) when null.</param>
    public DomainNames(TimeSpan refresh, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _refresh = refresh;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
        _timer = new Timer(_ => _ = RefreshAsync(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The names being resolved.</summary>
    public IReadOnlyList<string> Names => Volatile.Read(ref _names);

    /// <summary>The name that resolves to <paramref name="address"/>, or null.</summary>
    public string? NameOf(IpAddressValue address) => Volatile.Read(ref _byAddress).GetValueOrDefault(address);

    /// <summary>Resolves the names <paramref name="rules"/> compare the fd.*.name fields with, now and every refresh.</summary>
    public Task WatchAsync(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Volatile.Write(ref _names, rules.Rules.SelectMany(r => ComparedNames(r.ResolvedCondition)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray());
        _timer.Change(_refresh, _refresh);
        return RefreshAsync();
    }

    /// <summary>Resolves every watched name; a name that does not resolve keeps no addresses until it does.</summary>
    public async Task RefreshAsync()
    {
        // In parallel: one unreachable name must not delay the others by its timeout.
        var lookups = Names.Select(async name => (Name: name, Addresses: await LookupAsync(name).ConfigureAwait(false))).ToArray();
        var byAddress = new Dictionary<IpAddressValue, string>();
        foreach (var (name, addresses) in await Task.WhenAll(lookups).ConfigureAwait(false))
            foreach (var address in addresses)
                if (ToValue(address) is { } value) byAddress.TryAdd(value, name);
        Volatile.Write(ref _byAddress, byAddress.ToFrozenDictionary());
    }

    private async Task<IPAddress[]> LookupAsync(string name)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return await _resolve(name, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException)
        {
            return [];
        }
    }

    // Literal operands of comparisons on the name fields, through and/or/not.
    private static IEnumerable<string> ComparedNames(Expr expr) => expr switch
    {
        AndExpr and => and.Children.SelectMany(ComparedNames),
        OrExpr or => or.Children.SelectMany(ComparedNames),
        NotExpr not => ComparedNames(not.Child),
        CheckExpr { Left: FieldExpr field, Right: ValueExpr value } when NameFields.Contains(field.Name) => [value.Value],
        CheckExpr { Left: FieldExpr field, Right: ListExpr list } when NameFields.Contains(field.Name) => list.Items.Select(i => i.Value),
        _ => [],
    };

    private static IpAddressValue? ToValue(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IpAddressValue.FromV4Bytes(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IpAddressValue.FromV6Bytes(address.GetAddressBytes()),
            _ => null,
        };
    }

    public void Dispose() => _timer.Dispose();
}
