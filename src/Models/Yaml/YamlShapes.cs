using System.Collections;
using System.Reflection;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace XenSwitchSim.Models.Yaml;

/// <summary>What YAML shape a .NET type expects, and the YAML field names of DTOs.</summary>
internal static class YamlShapes
{
    public static readonly INamingConvention Naming = UnderscoredNamingConvention.Instance;

    public static bool IsList(Type type) =>
        type != typeof(string) && !IsDictionary(type) && typeof(IEnumerable).IsAssignableFrom(type);

    public static bool IsDictionary(Type type) =>
        typeof(IDictionary).IsAssignableFrom(type) ||
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));

    /// <summary>A DTO: a class read from a mapping, field by field.</summary>
    public static bool IsRecordLike(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(YamlValue) && type != typeof(object) &&
        !IsList(type) && !IsDictionary(type);

    public static string Describe(ParsingEvent e) => e switch
    {
        Scalar s => $"'{s.Value}'",
        MappingStart => "a mapping",
        SequenceStart => "a list",
        _ => e.GetType().Name,
    };

    public static string DescribeType(Type type) =>
        type.GetCustomAttribute<YamlSectionAttribute>()?.Description
        ?? (IsList(type) ? "a list" : IsDictionary(type) ? "a mapping" : $"a mapping ({type.Name})");

    /// <summary>The YAML names of a DTO's fields, as the deserializer matches them, base class first.</summary>
    public static IReadOnlyList<string> FieldNames(Type type)
    {
        var hierarchy = new List<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            hierarchy.Insert(0, t);
        }

        return
        [
            .. hierarchy.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                .Where(p => p.CanWrite && p.GetCustomAttribute<YamlIgnoreAttribute>() is null)
                .Select(p => p.GetCustomAttribute<YamlMemberAttribute>() is { } member
                    ? member.ApplyNamingConventions ? Naming.Apply(member.Alias ?? p.Name) : member.Alias ?? p.Name
                    : Naming.Apply(p.Name)),
        ];
    }
}
