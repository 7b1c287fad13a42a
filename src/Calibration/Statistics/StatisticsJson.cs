using System.Text.Json;
using System.Text.Json.Serialization;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Serialisation settings for every record in this namespace. The records carry the contract's snake_case names
/// as attributes (contracts.md §3), so plain System.Text.Json writes the contract shape; these options add the two
/// things the defaults get wrong for statistics: non-finite doubles (an unbounded upper limit, an undefined
/// variance for n = 1) are written as JSON null instead of throwing, and absent optional parts are omitted.
/// </summary>
public static class StatisticsJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Writes <paramref name="value"/> as one JSON value into an existing writer (e.g. inside a bigger CLI object).</summary>
    public static void Write<T>(Utf8JsonWriter writer, T value) => JsonSerializer.Serialize(writer, value, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Output goes to a terminal or a file, never into HTML: keep '+', '<', '>' readable in test names and notes.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new NonFiniteAsNullConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>JSON has no NaN/Infinity; null is the honest rendering of "no finite value" (documented in the report).</summary>
public sealed class NonFiniteAsNullConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static void WriteValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
