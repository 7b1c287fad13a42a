using System.Text.Encodings.Web;
using System.Text.Json;

namespace XenSwitchSim.Cli.Output;

/// <summary>Writes the one JSON object a <c>--json</c> command prints, and nothing else.</summary>
public static class JsonOutput
{
    public static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options)) body(w);
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Numbers rounded to a sensible precision; NaN and infinities become null (JSON has neither).</summary>
    public static void Number(this Utf8JsonWriter w, string name, double value, int digits = 6)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, Math.Round(value, digits));
        else w.WriteNull(name);
    }
}
