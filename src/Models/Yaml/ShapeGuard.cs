using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace XenSwitchSim.Models.Yaml;

/// <summary>
/// Rejects a node of the wrong shape (a value where a mapping belongs, a mapping where a list
/// belongs) with a message saying what was expected; YamlDotNet's own messages for these are
/// casts between .NET types.
/// </summary>
internal sealed class ShapeGuard : INodeDeserializer
{
    public bool Deserialize(
        IParser reader,
        Type expectedType,
        Func<IParser, Type, object?> nestedObjectDeserializer,
        out object? value,
        ObjectDeserializer rootDeserializer)
    {
        value = null;
        var type = Nullable.GetUnderlyingType(expectedType) ?? expectedType;
        var current = reader.Current;
        if (current is null || type == typeof(YamlValue) || type == typeof(object))
        {
            return false;
        }

        var expectsMapping = YamlShapes.IsRecordLike(type) || YamlShapes.IsDictionary(type);
        var expectsList = YamlShapes.IsList(type);
        var isEmpty = current is Scalar { Style: ScalarStyle.Plain, Value: "" or "~" or "null" };

        // An empty mapping or list is simply absent; an empty record is a missing section.
        if (isEmpty && !YamlShapes.IsRecordLike(type))
        {
            return false;
        }

        var wrong =
            (expectsMapping && current is not MappingStart) ||
            (expectsList && current is not SequenceStart);
        if (wrong)
        {
            var got = isEmpty ? "nothing" : YamlShapes.Describe(current);
            throw new YamlSpotException(current.Start, current.End, $"expected {YamlShapes.DescribeType(type)}, got {got}");
        }

        return false;
    }
}
