using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Units;

namespace XenSwitchSim.Models.Tests.Units;

public class QuantityParserTests
{
    [Theory]
    [InlineData("50ms", 50_000)]
    [InlineData("50000us", 50_000)]
    [InlineData("0.05s", 50_000)]
    [InlineData("1200ns", 1.2)]
    [InlineData("50 ms", 50_000)]
    [InlineData("2.5e3", 2500)]
    [InlineData("4000", 4000)]
    [InlineData("3µs", 3)]
    public void Durations_are_read_in_microseconds(string text, double expectedUs)
    {
        Assert.True(QuantityParser.TryParse(text, Unit.Microseconds, out var value, out var error), error);
        Assert.Equal(expectedUs, value, 9);
    }

    [Theory]
    [InlineData("1.5GHz", 1500)]
    [InlineData("600MHz", 600)]
    [InlineData("600mhz", 600)]
    [InlineData("54000kHz", 54)]
    [InlineData("1500", 1500)]
    public void Frequencies_are_read_in_the_keys_unit(string text, double expectedMhz)
    {
        Assert.True(QuantityParser.TryParse(text, Unit.Megahertz, out var value, out var error), error);
        Assert.Equal(expectedMhz, value, 9);
    }

    [Theory]
    [InlineData("1000Mbps", 1000)]
    [InlineData("1Gbps", 1000)]
    [InlineData("500000kbps", 500)]
    [InlineData("250", 250)]
    public void Bit_rates_are_read_in_the_keys_unit(string text, double expectedMbps)
    {
        Assert.True(QuantityParser.TryParse(text, Unit.MegabitsPerSecond, out var value, out var error), error);
        Assert.Equal(expectedMbps, value, 9);
    }

    [Fact]
    public void A_bare_number_takes_the_unit_in_the_key_name()
    {
        Assert.Equal(Unit.Microseconds, KeyUnit.Of("xl_exec_cpu_us"));
        Assert.Equal(Unit.Milliseconds, KeyUnit.Of("warmup_ms"));
        Assert.Equal(Unit.Megahertz, KeyUnit.Of("cpu_clock_mhz"));
        Assert.Equal(Unit.Hertz, KeyUnit.Of("counter_hz"));
        Assert.Equal(Unit.Hertz, KeyUnit.Of("hz"));
        Assert.Equal(Unit.MegabitsPerSecond, KeyUnit.Of("dom0.net_load_mbps"));
        Assert.Equal(Unit.None, KeyUnit.Of("nic_irq_rate_per_s")); // a rate, not seconds
        Assert.Equal(Unit.None, KeyUnit.Of("domU.vcpus"));
    }

    [Fact]
    public void A_unit_of_the_wrong_dimension_is_named_in_the_error()
    {
        Assert.False(QuantityParser.TryParse("5GHz", Unit.Microseconds, out _, out var error));
        Assert.Equal("expected a duration (ns, us, ms, s), got '5GHz'", error);
    }

    [Fact]
    public void An_unknown_suffix_is_an_error_listing_the_units()
    {
        Assert.False(QuantityParser.TryParse("5xs", Unit.Microseconds, out _, out var error));
        Assert.Equal("unknown unit 'xs' in '5xs'; expected a duration (ns, us, ms, s)", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ms")]
    [InlineData("5,5ms")]
    [InlineData("1e999")]
    [InlineData("NaN")]
    public void Text_that_is_not_a_number_with_unit_is_rejected(string text)
    {
        Assert.False(QuantityParser.TryParse(text, Unit.Microseconds, out _, out var error));
        Assert.StartsWith("expected a duration (ns, us, ms, s)", error);
    }

    [Fact]
    public void A_plain_number_key_rejects_units()
    {
        Assert.False(QuantityParser.TryParse("3ms", Unit.None, out _, out var error));
        Assert.Equal("expected a plain number, got '3ms'", error);
    }

    [Fact]
    public void Parse_throws_an_input_error_at_the_given_location()
    {
        var e = Assert.Throws<InputError>(() =>
            QuantityParser.ParseDurationUs("5GHz", SourceLocation.Of("--deadline"), "--deadline"));
        Assert.Equal("--deadline: invalid value for '--deadline'; expected a duration (ns, us, ms, s), got '5GHz'", e.Message);
    }
}
