using XenSwitchSim.Models.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace XenSwitchSim.Models.Yaml;

/// <summary>
/// Reads the raw event stream once before deserializing, so malformed YAML is reported as such
/// (with position) rather than as a deserialization failure, a second document is not silently
/// ignored, and a duplicate key is reported where it is repeated (YamlDotNet's duplicate check
/// points at the start of the mapping for dictionaries).
/// </summary>
internal static class YamlSyntaxCheck
{
    public static void Run(string text, string sourceName)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<ParsingEvent>();
        var frames = new Stack<Frame>();
        ParsingEvent? last = null;
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current;
                switch (current)
                {
                    case DocumentStart when ++documents > 1:
                        throw new InputError(
                            SourceLocation.At(sourceName, current.Start.Line, current.Start.Column),
                            "a second YAML document ('---')",
                            "expected exactly one document per file");
                    case MappingStart or SequenceStart:
                        open.Push(current);
                        frames.Push(new Frame(current is MappingStart));
                        break;
                    case MappingEnd or SequenceEnd:
                        open.Pop();
                        frames.Pop();
                        NodeDone(frames);
                        break;
                    case Scalar key when frames.TryPeek(out var frame) && frame.IsMapping && frame.ExpectingKey:
                        if (frame.Keys.TryGetValue(key.Value, out var first))
                        {
                            throw new InputError(
                                SourceLocation.At(sourceName, key.Start.Line, key.Start.Column),
                                $"duplicate key '{key.Value}'",
                                $"each key may appear once in a mapping (first at line {first.Line})");
                        }

                        frame.Keys.Add(key.Value, key.Start);
                        NodeDone(frames);
                        break;
                    case Scalar or AnchorAlias:
                        NodeDone(frames);
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw new InputError(YamlErrorTranslator.At(sourceName, e), $"malformed YAML: {e.Message}", null, e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet 18.1.0's scanner throws this, without a position, on an unclosed
            // flow collection; the opener we are still inside is the useful place to point at.
            var opener = open.FirstOrDefault(IsFlow);
            if (opener is not null)
            {
                var bracket = opener is MappingStart ? "{" : "[";
                throw new InputError(
                    SourceLocation.At(sourceName, opener.Start.Line, opener.Start.Column),
                    $"malformed YAML: '{bracket}' is never closed",
                    null,
                    e);
            }

            var mark = last?.End ?? Mark.Empty;
            throw new InputError(
                SourceLocation.At(sourceName, Math.Max(1, mark.Line), Math.Max(1, mark.Column)),
                "malformed YAML after this point",
                null,
                e);
        }
    }

    /// <summary>A complete node ends: in a mapping, keys and values alternate.</summary>
    private static void NodeDone(Stack<Frame> frames)
    {
        if (frames.TryPeek(out var frame) && frame.IsMapping)
        {
            frame.ExpectingKey = !frame.ExpectingKey;
        }
    }

    private sealed class Frame(bool isMapping)
    {
        public bool IsMapping { get; } = isMapping;

        public bool ExpectingKey { get; set; } = true;

        public Dictionary<string, Mark> Keys { get; } = new(StringComparer.Ordinal);
    }

    private static bool IsFlow(ParsingEvent start) =>
        start is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow };
}
