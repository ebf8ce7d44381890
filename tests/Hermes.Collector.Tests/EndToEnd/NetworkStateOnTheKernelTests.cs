using System.Net;
using System.Net.Sockets;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// Socket state the official rules build on, checked on the real kernel with a test rule loaded after the official
/// ones: an accepted connection carries the listening socket's address as the server side and the peer's as the client.
/// </summary>
[Collection("kernel")]
public sealed class NetworkStateOnTheKernelTests : IDisposable
{
    private readonly int _port = FreePort();
    private readonly CollectorWithTestRules _collector;

    public NetworkStateOnTheKernelTests()
    {
        _collector = new CollectorWithTestRules($"""
            - rule: Hermes test accepted connection
              desc: an accepted TCP connection on the test's port
              condition: evt.type in (accept, accept4) and fd.sport = {_port}
              output: accepted %fd.name (cip=%fd.cip cport=%fd.cport sip=%fd.sip sport=%fd.sport proto=%fd.l4proto)
              priority: INFO
            """);
    }

    public void Dispose() => _collector.Dispose();

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
        var action = CollectorProcess.Shell("python3 -c \"import socket,threading\n" +
            $"s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1',{_port})); s.listen(1)\n" +
            $"c=socket.create_connection(('127.0.0.1',{_port})); a,peer=s.accept(); print(peer[1]); a.close(); c.close(); s.close()\"");
        var fields = _collector.Expect("Hermes test accepted connection", action);
        string? F(string name) => CollectorWithTestRules.Field(fields, name);
        Assert.Equal("127.0.0.1", F("fd.sip"));
        Assert.Equal(_port.ToString(System.Globalization.CultureInfo.InvariantCulture), F("fd.sport"));
        Assert.Equal("127.0.0.1", F("fd.cip"));
        Assert.NotEqual("0", F("fd.cport"));
        Assert.Equal("tcp", F("fd.l4proto"));
        Assert.Equal($"127.0.0.1:{F("fd.cport")}->127.0.0.1:{_port}", F("fd.name"));
    }
}
