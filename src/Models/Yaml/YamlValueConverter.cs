using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace XenSwitchSim.Models.Yaml;

/// <summary>Reads a scalar event into a <see cref="YamlValue"/>, before YamlDotNet interprets it.</summary>
internal sealed class YamlValueConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(YamlValue);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        if (parser.Current is not Scalar scalar)
        {
            var current = parser.Current!;
            throw new YamlSpotException(current.Start, current.End, $"expected a single value, got {YamlShapes.Describe(current)}");
        }

        parser.MoveNext();
        return new YamlValue(
            scalar.Value,
            scalar.Start.Line,
            scalar.Start.Column,
            scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted);
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        throw new NotSupportedException("model files are read, not written");
}
