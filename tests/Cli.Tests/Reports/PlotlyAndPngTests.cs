using XenSwitchSim.Cli.Reports;

namespace XenSwitchSim.Cli.Tests.Reports;

public class PlotlyAndPngTests
{
    [Fact]
    public void Clean_turns_non_finite_numbers_into_gaps_deeply()
    {
        var o = PlotlyFigure.Clean(Plot.O(("x", new[] { 1.0, double.NaN, double.PositiveInfinity }), ("m", Plot.O(("size", double.NaN)))));
        var d = (Dictionary<string, object?>)o!;
        Assert.Equal(new object?[] { 1.0, null, null }, (object?[])d["x"]!);
        Assert.Null(((Dictionary<string, object?>)d["m"]!)["size"]);
    }

    [Fact]
    public void Text_escapes_what_could_close_the_script_or_inject_markup()
    {
        Assert.Equal("a &lt;/script&gt; &amp; b", Plot.Text("a </script> & b"));
        Assert.Equal("rgba(0,114,178,0.25)", Plot.Alpha("#0072B2", 0.25));
        Assert.Equal("log", Plot.LogIfWide([1, 50]));
        Assert.Null(Plot.LogIfWide([10, 50]));
    }

    [Fact]
    public void Png_decoder_reads_what_the_encoder_wrote_with_each_filter()
    {
        static int Colour(int x, int y) => (x * 13 % 256 << 16) | (y * 7 % 256 << 8) | ((x + y) % 256);
        foreach (byte filter in new byte[] { 0, 1 })
        {
            var img = PngImage.Decode(PngImage.Encode(37, 21, Colour, filter));
            Assert.Equal((37, 21), (img.Width, img.Height));
            for (var y = 0; y < 21; y++)
                for (var x = 0; x < 37; x++)
                    Assert.Equal(Colour(x, y), img[x, y]);
        }
        var blank = PngImage.Decode(PngImage.Encode(10, 10, (_, _) => 0xFFFFFF));
        Assert.Equal(1, blank.DistinctColours());
        Assert.Equal(0, blank.InkFraction());
    }
}
