using System.Text.Encodings.Web;
using System.Text.Json;
using Hermes.Rules.Engine;

namespace Hermes.Rules.Output;

/// <summary>Writes a <see cref="FalcoAlert"/> as Falco's JSON alert, one object, keys in Falco's order.</summary>
public static class FalcoJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The alert as one line of JSON.</summary>
    public static string Serialize(FalcoAlert alert)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) Write(writer, alert);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the alert object.</summary>
    public static void Write(Utf8JsonWriter writer, FalcoAlert alert)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(alert);
        writer.WriteStartObject();
        writer.WriteString("hostname", alert.Hostname);
        writer.WriteString("output", alert.Output);
        writer.WriteStartObject("output_fields");
        foreach (var (key, value) in alert.OutputFields)
        {
            switch (value)
            {
                case null: writer.WriteNull(key); break;
                case long number: writer.WriteNumber(key, number); break;
                case bool flag: writer.WriteBoolean(key, flag); break;
                default: writer.WriteString(key, value.ToString()); break;
            }
        }
        writer.WriteEndObject();
        writer.WriteString("priority", PriorityNames.Name(alert.Priority));
        writer.WriteString("rule", alert.Rule);
        writer.WriteString("source", alert.Source);
        writer.WriteStartArray("tags");
        foreach (var tag in alert.Tags) writer.WriteStringValue(tag);
        writer.WriteEndArray();
        writer.WriteString("time", FieldRenderer.IsoUtc(alert.TimeNanoseconds));
        writer.WriteEndObject();
    }
}
