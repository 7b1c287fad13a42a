using XenSwitchSim.Models.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NodeDeserializers;

namespace XenSwitchSim.Models.Yaml;

/// <summary>
/// Reads one YAML document into a DTO with strict settings (unknown fields and duplicate keys
/// are errors), turning every failure into an <see cref="InputError"/>.
/// </summary>
public static class YamlDocumentReader
{
    /// <summary>Buffer limits for type discrimination: deep nesting of mixtures, long empirical lists.</summary>
    internal const int MaxDiscriminationDepth = 64;
    internal const int MaxDiscriminationLength = 1_000_000;

    public static T Read<T>(string text, string sourceName, Action<DeserializerBuilder>? configure = null)
        where T : class
    {
        YamlSyntaxCheck.Run(text, sourceName);
        var builder = new DeserializerBuilder()
            .WithNamingConvention(YamlShapes.Naming)
            .WithEnforceRequiredMembers()
            .WithDuplicateKeyChecking()
            .WithTypeConverter(new YamlValueConverter())
            .WithNodeDeserializer(inner => new MissingFieldReporter(inner), s => s.InsteadOf<ObjectNodeDeserializer>())
            .WithNodeDeserializer(new ShapeGuard(), s => s.OnTop());
        configure?.Invoke(builder);

        T? result;
        try
        {
            result = builder.Build().Deserialize<T?>(text);
        }
        catch (YamlException e)
        {
            throw YamlErrorTranslator.Translate(e, sourceName, typeof(T).Assembly);
        }

        return result ?? throw new InputError(
            SourceLocation.At(sourceName, 1, 1),
            "the file is empty",
            $"expected {YamlShapes.DescribeType(typeof(T))}");
    }

    /// <summary>
    /// Reads a file's bytes (for hashing) and text. A missing or unreadable file is an
    /// InputError naming the path.
    /// </summary>
    public static SourceText ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputError(SourceLocation.Of(path), "file not found", null, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputError(SourceLocation.Of(path), $"cannot read the file: {e.Message}", null, e);
        }

        return SourceText.FromBytes(bytes, path);
    }

    public static SourceText ReadStream(Stream stream, string displayName)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return SourceText.FromBytes(buffer.ToArray(), displayName);
    }
}
