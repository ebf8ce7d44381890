using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hermes.Collector.Probe;
using Hermes.Rules.Fields;

namespace Hermes.Collector.Capture;

/// <summary>
/// <c>hermes-collector capture [--comm NAME] [--count N] [--seconds S] [--ring-size BYTES]</c>: prints each captured
/// event as one JSON line (type, time, process, fd, arguments), for seeing what the probe sees.
/// </summary>
internal static class CaptureCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string? comm = null;
        long count = 0;
        var seconds = 0d;
        var ring = 16 * 1024 * 1024;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--comm" when value is not null: comm = value; i++; break;
                case "--count" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count): i++; break;
                case "--seconds" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds): i++; break;
                case "--ring-size" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ring): i++; break;
                default:
                    await stderr.WriteLineAsync($"hermes-collector capture: unexpected argument '{args[i]}'\nusage: hermes-collector capture [--comm NAME] [--count N] [--seconds S] [--ring-size BYTES]").ConfigureAwait(false);
                    return 2;
            }
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long printed = 0;
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var buffer = new MemoryStream();
        CaptureSession session;
        try
        {
            session = CaptureSession.Start(CaptureSession.SyscallsFor(null), (evt, source) =>
            {
                if (comm is not null && source.TryGetString(FieldRef.Of(FieldId.ProcName), 0, out var name) && !name.SequenceEqual(comm)) return;
                buffer.SetLength(0);
                using (var json = new Utf8JsonWriter(buffer, options))
                {
                    json.WriteStartObject();
                    json.WriteNumber("num", evt.Number);
                    json.WriteString("type", EventTypes.NameOf(evt.Type));
                    json.WriteNumber("time", evt.TimestampNs);
                    json.WriteNumber("pid", evt.Pid);
                    json.WriteNumber("tid", evt.Tid);
                    json.WriteNumber("res", evt.Result);
                    Write(json, source, "proc.name", FieldId.ProcName);
                    Write(json, source, "proc.cmdline", FieldId.ProcCmdline);
                    Write(json, source, "proc.pname", FieldId.ProcPname);
                    Write(json, source, "container.id", FieldId.ContainerId);
                    Write(json, source, "fd.name", FieldId.FdName);
                    json.WriteStartObject("args");
                    foreach (var (key, value) in evt.Args) json.WriteString(key, value);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                if (count > 0 && ++printed >= count) done.TrySetResult();
            }, Environment.MachineName, ringBufferBytes: ring);
        }
        catch (ProbeUnavailableException e)
        {
            await stderr.WriteLineAsync($"hermes-collector: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        using (session)
        {
            var stop = seconds > 0 ? Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken) : Task.Delay(Timeout.Infinite, cancellationToken);
            await Task.WhenAny(done.Task, stop).ConfigureAwait(false);
            await stderr.WriteLineAsync($"hermes-collector: {session.Events} events, {session.Drops} dropped by the kernel").ConfigureAwait(false);
        }
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    private static void Write(Utf8JsonWriter json, Hermes.Collector.State.StateEventSource source, string name, FieldId id)
    {
        if (source.TryGetString(FieldRef.Of(id), 0, out var value)) json.WriteString(name, value);
        else json.WriteNull(name);
    }
}
