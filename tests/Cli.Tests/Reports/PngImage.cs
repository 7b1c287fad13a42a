using System.Buffers.Binary;
using System.IO.Compression;

namespace XenSwitchSim.Cli.Tests.Reports;

/// <summary>
/// A tiny PNG decoder for tests (System.Drawing is not available on Linux): 8-bit greyscale, RGB, grey+alpha or RGBA,
/// not interlaced, all five filters. Pixels as 0xRRGGBB (alpha dropped: screenshots are opaque).
/// </summary>
public sealed class PngImage
{
    public int Width { get; }
    public int Height { get; }
    private readonly int[] _rgb;

    private PngImage(int w, int h, int[] rgb) => (Width, Height, _rgb) = (w, h, rgb);

    public int this[int x, int y] => _rgb[y * Width + x];

    public static PngImage Load(string path) => Decode(File.ReadAllBytes(path));

    public static PngImage Decode(byte[] data)
    {
        ReadOnlySpan<byte> signature = [137, 80, 78, 71, 13, 10, 26, 10];
        if (data.Length < 8 || !data.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException("not a PNG");
        int width = 0, height = 0, colourType = -1;
        using var idat = new MemoryStream();
        var pos = 8;
        while (pos + 8 <= data.Length)
        {
            var len = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(data, pos + 4, 4);
            var body = data.AsSpan(pos + 8, len);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8) throw new NotSupportedException($"bit depth {body[8]}");
                colourType = body[9];
                if (body[12] != 0) throw new NotSupportedException("interlaced");
            }
            else if (type == "IDAT") idat.Write(body);
            else if (type == "IEND") break;
            pos += 12 + len;
        }
        var channels = colourType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => throw new NotSupportedException($"colour type {colourType}") };
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        var stride = width * channels;
        var prev = new byte[stride];
        var cur = new byte[stride];
        var rgb = new int[width * height];
        for (var y = 0; y < height; y++)
        {
            var offset = y * (stride + 1);
            var filter = bytes[offset];
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? cur[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
                int x = bytes[offset + 1 + i];
                cur[i] = (byte)(filter switch
                {
                    0 => x,
                    1 => x + a,
                    2 => x + b,
                    3 => x + ((a + b) >> 1),
                    4 => x + Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                });
            }
            for (var px = 0; px < width; px++)
            {
                var i = px * channels;
                rgb[y * width + px] = channels <= 2 ? cur[i] * 0x010101 : (cur[i] << 16) | (cur[i + 1] << 8) | cur[i + 2];
            }
            (prev, cur) = (cur, prev);
        }
        return new PngImage(width, height, rgb);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>Distinct colours in a rectangle (fractions of the image).</summary>
    public int DistinctColours(double x0 = 0, double y0 = 0, double x1 = 1, double y1 = 1) =>
        Pixels(x0, y0, x1, y1).Distinct().Count();

    /// <summary>The fraction of pixels in the rectangle that differ from <paramref name="background"/>.</summary>
    public double InkFraction(int background = 0xFFFFFF, double x0 = 0, double y0 = 0, double x1 = 1, double y1 = 1)
    {
        var px = Pixels(x0, y0, x1, y1).ToList();
        return px.Count == 0 ? 0 : px.Count(p => p != background) / (double)px.Count;
    }

    private IEnumerable<int> Pixels(double x0, double y0, double x1, double y1)
    {
        for (var y = (int)(y0 * Height); y < (int)(y1 * Height); y++)
            for (var x = (int)(x0 * Width); x < (int)(x1 * Width); x++)
                yield return this[x, y];
    }

    /// <summary>A minimal encoder (RGB, filter 0 or 1) so the decoder can be tested without a browser.</summary>
    public static byte[] Encode(int width, int height, Func<int, int, int> rgbAt, byte filter = 0)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(filter);
            var last = new byte[3];
            for (var x = 0; x < width; x++)
            {
                var c = rgbAt(x, y);
                byte[] px = [(byte)(c >> 16), (byte)(c >> 8), (byte)c];
                for (var k = 0; k < 3; k++) raw.WriteByte(filter == 1 ? (byte)(px[k] - last[k]) : px[k]);
                last = px;
            }
        }
        using var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Fastest, leaveOpen: true)) raw.WriteTo(zs);
        using var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", z.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] body)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, body.Length);
        s.Write(len);
        s.Write(System.Text.Encoding.ASCII.GetBytes(type));
        s.Write(body);
        s.Write(new byte[4]); // CRC, not checked by the decoder
    }
}
