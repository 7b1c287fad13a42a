using System.Reflection;
using System.Text.RegularExpressions;
using XenSwitchSim.Models.Errors;
using YamlDotNet.Core;

namespace XenSwitchSim.Models.Yaml;

/// <summary>
/// Turns YamlDotNet's exceptions into one <see cref="InputError"/> with file, line, column and
/// what was expected. YamlDotNet puts the position in <c>Start</c> and often the useful text in
/// an inner exception, and names .NET types rather than YAML fields.
/// </summary>
internal static partial class YamlErrorTranslator
{
    [GeneratedRegex(@"^Property '(?<field>.+)' not found on type '(?<type>.+)'\.?$")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"^Missing properties, (?<fields>.+) in source yaml\.?$")]
    private static partial Regex MissingProperties();

    [GeneratedRegex(@"^Encountered duplicate key (?<key>.+)$")]
    private static partial Regex DuplicateKey();

    public static InputError Translate(YamlException e, string sourceName, Assembly dtoAssembly)
    {
        var chain = Chain(e).ToList();

        // Our own hooks know best: the innermost one that raised the problem.
        var spot = chain.OfType<YamlSpotException>().LastOrDefault();
        if (spot is not null)
        {
            return new InputError(At(sourceName, spot.HasMark ? spot : e), spot.Problem, spot.Expected, e);
        }

        // The innermost position is the most precise one.
        var where = At(sourceName, chain.OfType<YamlException>().LastOrDefault(x => x.Start.Line > 0) ?? e);

        if (UnknownProperty().Match(e.Message) is { Success: true } unknown)
        {
            var field = unknown.Groups["field"].Value;
            var type = FindType(dtoAssembly, unknown.Groups["type"].Value);
            if (type is not null)
            {
                var fields = YamlShapes.FieldNames(type);
                return new InputError(
                    where,
                    $"unknown field '{field}' in {YamlShapes.DescribeType(type)}",
                    ClosestMatch.Suggestion(field, fields) + "valid fields: " + string.Join(", ", fields),
                    e);
            }

            return new InputError(where, $"unknown field '{field}'", null, e);
        }

        if (MissingProperties().Match(e.Message) is { Success: true } missing)
        {
            return new InputError(where, $"missing required field {missing.Groups["fields"].Value}", null, e);
        }

        if (DuplicateKey().Match(e.Message) is { Success: true } duplicate)
        {
            return new InputError(where, $"duplicate key '{duplicate.Groups["key"].Value}'", "each key may appear once in a mapping", e);
        }

        if (e is SyntaxErrorException or SemanticErrorException)
        {
            return new InputError(where, $"malformed YAML: {e.Message}", null, e);
        }

        var inner = chain.Skip(1).LastOrDefault();
        var detail = inner is null ? e.Message : $"{e.Message} ({inner.Message})";
        return new InputError(where, detail, null, e);
    }

    public static SourceLocation At(string sourceName, YamlException e) =>
        SourceLocation.At(sourceName, e.Start.Line, e.Start.Column);

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }

    private static Type? FindType(Assembly assembly, string name) =>
        assembly.GetTypes().FirstOrDefault(t => t.FullName == name || t.Name == name);
}
