using System.Text;
using System.Text.Json;

namespace Hermes.Collector.Daemon;

/// <summary>
/// <c>log_format: json</c>: every line the daemon writes to stderr becomes one JSON object
/// (<c>{"time","level","logger":"hermes-collector","message"}</c>), the shape log pipelines (Fluent Bit, Vector,
/// Filebeat) parse without rules. Rule diagnostics keep their level (<c>file:line:col: error CODE: …</c>).
/// </summary>
public sealed class JsonLogWriter(TextWriter inner, TimeProvider time) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _lock = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_lock)
        {
            if (value == '\n') Flush(_line.ToString());
            else if (value != '\r') _line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        foreach (var c in value) Write(c);
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    private void Flush(string message)
    {
        _line.Clear();
        var level = message.Contains(": error ", StringComparison.Ordinal) || message.Contains("not loaded", StringComparison.Ordinal) ? "error"
            : message.Contains(": warning ", StringComparison.Ordinal) || message.Contains("dropped", StringComparison.Ordinal) ? "warning" : "info";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", level);
            json.WriteString("logger", "hermes-collector");
            json.WriteString("message", message.StartsWith("hermes-collector: ", StringComparison.Ordinal) ? message[18..] : message);
            json.WriteEndObject();
        }
        inner.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        inner.Flush();
    }
}
