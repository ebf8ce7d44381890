using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// Socket state the official rules build on, checked on the real kernel with a test rule loaded after the official
/// ones: an accepted connection carries the listening socket's address as the server side and the peer's as the client.
/// </summary>
[Collection("kernel")]
public sealed class NetworkStateOnTheKernelTests : IDisposable
{
    private readonly string _rules = Path.Combine(Directory.CreateTempSubdirectory("hermes-rules-").FullName, "accept.yaml");
    private readonly int _port = FreePort();
    private readonly CollectorProcess _collector;

    public NetworkStateOnTheKernelTests()
    {
        File.WriteAllText(_rules, $"""
            - rule: Hermes test accepted connection
              desc: an accepted TCP connection on the test's port
              condition: evt.type in (accept, accept4) and fd.sport = {_port}
              output: accepted %fd.name (cip=%fd.cip cport=%fd.cport sip=%fd.sip sport=%fd.sport proto=%fd.l4proto)
              priority: INFO
            """);
        _collector = new CollectorProcess(null, null, [_rules]);
    }

    public void Dispose()
    {
        _collector.Dispose();
        Directory.Delete(Path.GetDirectoryName(_rules)!, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public void AcceptedConnection_HasTheListeningAddressAsServerAndThePeerAsClient()
    {
        // A separate process (the collector ignores its own and the test host is traced like any other process).
        CollectorProcess.Shell("python3 -c \"import socket,threading\n" +
            $"s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1',{_port})); s.listen(1)\n" +
            $"c=socket.create_connection(('127.0.0.1',{_port})); a,peer=s.accept(); print(peer[1]); a.close(); c.close(); s.close()\"");
        var alert = _collector.WaitForAlert(a => a.GetProperty("rule").GetString() == "Hermes test accepted connection", TimeSpan.FromSeconds(30));
        Assert.True(alert.HasValue, $"no accept alert: {_collector.Stderr}");
        var fields = alert.Value.GetProperty("output_fields");
        string? F(string name) => fields.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.GetString() : null;
        Assert.Equal("127.0.0.1", F("fd.sip"));
        Assert.Equal(_port.ToString(System.Globalization.CultureInfo.InvariantCulture), F("fd.sport"));
        Assert.Equal("127.0.0.1", F("fd.cip"));
        Assert.NotEqual("0", F("fd.cport"));
        Assert.Equal("tcp", F("fd.l4proto"));
        Assert.Equal($"127.0.0.1:{F("fd.cport")}->127.0.0.1:{_port}", F("fd.name"));
    }
}
