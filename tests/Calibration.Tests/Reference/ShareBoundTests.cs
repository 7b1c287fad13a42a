using XenSwitchSim.Calibration.Reference;

namespace XenSwitchSim.Calibration.Tests.Reference;

public class ShareBoundTests
{
    [Theory]
    [InlineData(">= 0.98", BoundKind.AtLeast, 0.98)]
    [InlineData(">=0.98", BoundKind.AtLeast, 0.98)]
    [InlineData("<= 0.01", BoundKind.AtMost, 0.01)]
    [InlineData("0.007", BoundKind.Exactly, 0.007)]
    [InlineData("0", BoundKind.Exactly, 0)]
    public void Shares_and_bounds_parse(string text, BoundKind kind, double value)
    {
        Assert.True(ShareBound.TryParse(text, out var bound));
        Assert.Equal(new ShareBound(kind, value), bound);
    }

    [Theory]
    [InlineData("≥ 0.98")]
    [InlineData("about 0.9")]
    [InlineData(">= 1.5")]
    [InlineData("> 0.5")]
    [InlineData("")]
    public void Anything_else_is_rejected(string text) => Assert.False(ShareBound.TryParse(text, out _));

    [Fact]
    public void A_bound_admits_the_shares_it_allows()
    {
        var atLeast = new ShareBound(BoundKind.AtLeast, 0.98);
        Assert.True(atLeast.Admits(0.99));
        Assert.False(atLeast.Admits(0.97));
        Assert.True(new ShareBound(BoundKind.Exactly, 0.007).Admits(0.0075, exactTolerance: 0.001));
        Assert.False(new ShareBound(BoundKind.Exactly, 0.007).Admits(0.009, exactTolerance: 0.001));
    }
}
