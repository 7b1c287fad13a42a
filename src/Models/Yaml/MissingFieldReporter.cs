using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace XenSwitchSim.Models.Yaml;

/// <summary>
/// Wraps YamlDotNet's object deserializer so a missing required field is reported at the start
/// of the mapping that lacks it, naming the section; YamlDotNet reports it at the mapping's end
/// without saying which mapping.
/// </summary>
internal sealed partial class MissingFieldReporter(INodeDeserializer inner) : INodeDeserializer
{
    [GeneratedRegex(@"^Missing properties, (?<fields>.+) in source yaml\.?$")]
    private static partial Regex MissingProperties();

    public bool Deserialize(
        IParser reader,
        Type expectedType,
        Func<IParser, Type, object?> nestedObjectDeserializer,
        out object? value,
        ObjectDeserializer rootDeserializer)
    {
        var start = reader.Current?.Start ?? Mark.Empty;
        var end = reader.Current?.End ?? Mark.Empty;
        try
        {
            return inner.Deserialize(reader, expectedType, nestedObjectDeserializer, out value, rootDeserializer);
        }
        catch (YamlException e) when (e is not YamlSpotException && MissingProperties().Match(e.Message) is { Success: true } m)
        {
            throw new YamlSpotException(
                start,
                end,
                $"missing required field {m.Groups["fields"].Value} in {YamlShapes.DescribeType(expectedType)}");
        }
    }
}
