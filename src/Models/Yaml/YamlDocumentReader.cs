using System.Security.Cryptography;
using System.Text;
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

/// <summary>A document's text, display name and the SHA-256 of its bytes (for output provenance).</summary>
public sealed record SourceText(string Text, string Name, string Sha256)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SourceText FromBytes(byte[] bytes, string name)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InputError(SourceLocation.Of(name), "the file is not UTF-8 text", null, e);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return new SourceText(text, name, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>Text given directly (tests, generated models): hashed as UTF-8.</summary>
    public static SourceText FromString(string text, string name) => FromBytes(Encoding.UTF8.GetBytes(text), name);
}
