using System.Security.Cryptography;
using System.Text;
using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Models.Yaml;

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
