using System.Net;
using System.Net.Sockets;

namespace Hermes.Collector.Tests.EndToEnd;

/// <summary>
/// Socket state the official rules build on, checked on the real kernel with a test rule loaded after the official
/// ones: an accepted connection carries the listening socket's address as the server side and the peer's as the client;
/// sendmsg names its destination; a server the rules name by domain is recognised by its address.
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
            - rule: Hermes test datagram sent
              desc: a UDP datagram sent with sendmsg to the test's port
              condition: evt.type = sendmsg and fd.sport = {_port}
              output: sent to %fd.sip:%fd.sport (proto=%fd.l4proto category=%evt.category io=%evt.is_io_write)
              priority: INFO
            - rule: Hermes test named server
              desc: a connection to the test's port on a server the rule names
              condition: evt.type = connect and fd.sip.name = localhost and fd.sport = {_port}
              output: connected to %fd.sip.name (sip=%fd.sip rip_name=%fd.rip.name)
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

    [Fact]
    public void DatagramSentWithSendmsg_CarriesItsDestination()
    {
        var action = CollectorProcess.Shell($"python3 -c \"import socket\ns=socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendmsg([b'hermes'], [], 0, ('127.0.0.1', {_port}))\"");
        var fields = _collector.Expect("Hermes test datagram sent", action);
        Assert.Equal("127.0.0.1", CollectorWithTestRules.Field(fields, "fd.sip"));
        Assert.Equal("udp", CollectorWithTestRules.Field(fields, "fd.l4proto"));
        Assert.Equal("net", CollectorWithTestRules.Field(fields, "evt.category"));
        Assert.Equal("true", CollectorWithTestRules.Field(fields, "evt.is_io_write"));
    }

    [Fact]
    public void ServerTheRulesNameByDomain_IsRecognisedByItsAddress()
    {
        // localhost resolves through /etc/hosts: the rule's name is resolved, not the address reversed
        var action = CollectorProcess.Shell($"python3 -c \"import socket\ntry: socket.create_connection(('127.0.0.1', {_port}), timeout=2)\nexcept OSError: pass\"");
        var fields = _collector.Expect("Hermes test named server", action);
        Assert.Equal("localhost", CollectorWithTestRules.Field(fields, "fd.sip.name"));
        Assert.Equal("localhost", CollectorWithTestRules.Field(fields, "fd.rip.name"));
    }
}
