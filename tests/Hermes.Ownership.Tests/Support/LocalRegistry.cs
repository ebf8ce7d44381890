using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hermes.Ownership.Tests.Support;

/// <summary>
/// Debian's <c>docker-registry</c> (CNCF Distribution 2.8) on a loopback port, with its storage in a temporary
/// folder and an optional <c>auth:</c> section; images are pushed into it with skopeo from OCI layouts.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;

    private LocalRegistry(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Host = $"127.0.0.1:{port}";
    }

    public string Host { get; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<LocalRegistry> StartAsync(string authYaml = "")
    {
        var root = Directory.CreateTempSubdirectory("hermes-registry-").FullName;
        var port = FreePort();
        var config = Path.Combine(root, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log: {"{"}level: error{"}"}
            storage:
              filesystem: {"{"}rootdirectory: {root}/data{"}"}
              delete: {"{"}enabled: true{"}"}
            http:
              addr: 127.0.0.1:{port}
            {authYaml}
            """);
        var process = Process.Start(new ProcessStartInfo("docker-registry", ["serve", config]) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("docker-registry did not start (apt-get install docker-registry)");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var registry = new LocalRegistry(process, root, port);
        using var http = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://{registry.Host}/v2/"));
                return registry; // 200, or 401 when auth is on: either way it is serving
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"docker-registry did not listen on {registry.Host}");
    }

    /// <summary>Copies every platform of <c>oci:LAYOUT:REF</c> to <c>HOST/REPOSITORY:TAG</c>.</summary>
    public async Task PushAsync(string layout, string reference, string repositoryAndTag, string? credentials = null)
    {
        var args = new List<string> { "copy", "--all", "--quiet", "--dest-tls-verify=false" };
        if (credentials is not null) args.AddRange(["--dest-creds", credentials]);
        args.AddRange([$"oci:{layout}:{reference}", $"docker://{Host}/{repositoryAndTag}"]);
        var psi = new ProcessStartInfo("skopeo", args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var skopeo = Process.Start(psi)!;
        var error = await skopeo.StandardError.ReadToEndAsync();
        await skopeo.WaitForExitAsync();
        if (skopeo.ExitCode != 0) throw new InvalidOperationException($"skopeo {string.Join(' ', args)}: {error}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
