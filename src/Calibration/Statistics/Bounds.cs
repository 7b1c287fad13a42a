using System.Text.Json;
using System.Text.Json.Serialization;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>A two-sided interval [Lower, Upper]; serialised as the contract's two-element array, e.g. mean_ci95_us.</summary>
[JsonConverter(typeof(BoundsArrayConverter))]
public readonly record struct Bounds(double Lower, double Upper)
{
    public bool Contains(double x) => x >= Lower && x <= Upper;

    public double Width => Upper - Lower;
}

public sealed class BoundsArrayConverter : JsonConverter<Bounds>
{
    public override Bounds Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected [lower, upper]");
        }

        reader.Read();
        double lower = reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();
        reader.Read();
        double upper = reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("expected exactly two elements");
        }

        return new Bounds(lower, upper);
    }

    public override void Write(Utf8JsonWriter writer, Bounds value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        NonFiniteAsNullConverter.WriteValue(writer, value.Lower);
        NonFiniteAsNullConverter.WriteValue(writer, value.Upper);
        writer.WriteEndArray();
    }
}
