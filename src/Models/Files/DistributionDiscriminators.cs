using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files.Dto;
using XenSwitchSim.Models.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.BufferedDeserialization;
using YamlDotNet.Serialization.BufferedDeserialization.TypeDiscriminators;

namespace XenSwitchSim.Models.Files;

/// <summary>
/// Strict <c>type:</c> discriminator: an unknown or missing type is an error listing the valid
/// ones (YamlDotNet's built-in key/value discriminator only says it failed to create an
/// instance of the base type).
/// </summary>
internal sealed class StrictDistributionDiscriminator : ITypeDiscriminator
{
    public Type BaseType => typeof(DistributionDto);

    public bool TryDiscriminate(IParser buffer, out Type? suggestedType)
    {
        if (!buffer.TryFindMappingEntry(s => s.Value == "type", out _, out var value))
        {
            // No event to point at here; the enclosing exception carries the mapping's position.
            throw new YamlSpotException("a distribution without 'type:'", Expected());
        }

        suggestedType = Resolve(value!);
        return true;
    }

    internal static Type Resolve(ParsingEvent value)
    {
        if (value is Scalar scalar && DistributionTypes.Map.TryGetValue(scalar.Value, out var type))
        {
            return type;
        }

        if (value is not Scalar s)
        {
            throw new YamlSpotException(value.Start, value.End, $"'type' must be a name, got {YamlShapes.Describe(value)}", Expected());
        }

        var given = s.Value;
        throw new YamlSpotException(
            value.Start,
            value.End,
            $"unknown distribution type '{given}'",
            ClosestMatch.Suggestion(given, Distribution.TypeNames) + Expected());
    }

    internal static string Expected() => "expected type: one of " + string.Join(", ", Distribution.TypeNames);
}

/// <summary>A mechanism's mapping is a distribution if it has <c>type:</c>, a fitted parameter if it has <c>value:</c>.</summary>
internal sealed class MechanismValueDiscriminator : ITypeDiscriminator
{
    public Type BaseType => typeof(MechanismValueDto);

    public bool TryDiscriminate(IParser buffer, out Type? suggestedType)
    {
        if (buffer.TryFindMappingEntry(s => s.Value == "type", out _, out var type))
        {
            suggestedType = StrictDistributionDiscriminator.Resolve(type!);
            return true;
        }

        ((ParserBuffer)buffer).Reset();
        if (buffer.TryFindMappingEntry(s => s.Value == "value", out _, out _))
        {
            suggestedType = typeof(FittedValueDto);
            return true;
        }

        throw new YamlSpotException(
            "a mapping with neither 'type:' (a distribution) nor 'value:' (a fitted parameter)",
            "expected a number with unit, a distribution or a fitted parameter");
    }
}

/// <summary>A scalar where a mechanism value is expected: the plain-value form.</summary>
internal sealed class ScalarMechanismValueDeserializer : INodeDeserializer
{
    public bool Deserialize(
        IParser reader,
        Type expectedType,
        Func<IParser, Type, object?> nestedObjectDeserializer,
        out object? value,
        ObjectDeserializer rootDeserializer)
    {
        if (expectedType == typeof(MechanismValueDto) && reader.Current is Scalar)
        {
            value = new ScalarValueDto((YamlValue)nestedObjectDeserializer(reader, typeof(YamlValue))!);
            return true;
        }

        value = null;
        return false;
    }
}

internal static class DistributionYamlSetup
{
    /// <summary>Adds distribution and mechanism-value reading to a deserializer.</summary>
    public static void Configure(DeserializerBuilder builder) =>
        builder
            .WithNodeDeserializer(new ScalarMechanismValueDeserializer(), s => s.OnTop())
            .WithTypeDiscriminatingNodeDeserializer(
                o =>
                {
                    // Order matters: where a distribution is expected, the strict one decides.
                    o.AddTypeDiscriminator(new StrictDistributionDiscriminator());
                    o.AddTypeDiscriminator(new MechanismValueDiscriminator());
                },
                YamlDocumentReader.MaxDiscriminationDepth,
                YamlDocumentReader.MaxDiscriminationLength);
}
