using System.Net.Sockets;

namespace Hermes.Collector.Containers;

/// <summary>An HTTP handler whose every connection dials a unix socket (runtime APIs listen on one, not on TCP).</summary>
internal static class UnixSocketHandler
{
    public static SocketsHttpHandler For(string socketPath) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
