using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Calibration.Tests.Reference;

public class CorruptReferenceTests
{
    private const string Name = "models/reference/corrupt.yaml";

    /// <summary>The real file with one exact piece of text replaced, and that text's 1-based line and column.</summary>
    private static (string Text, int Line, int Column) Corrupt(string original, string replacement)
    {
        var text = ReferenceFile.Text;
        var at = text.IndexOf(original, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{original}' not in the reference file");
        Assert.Equal(at, text.LastIndexOf(original, StringComparison.Ordinal));
        var before = text[..at];
        var line = before.Count(c => c == '\n') + 1;
        var column = at - (before.LastIndexOf('\n') + 1) + 1;
        return (text[..at] + replacement + text[(at + original.Length)..], line, column);
    }

    private static InputError Fails(string text) =>
        Assert.Throws<InputError>(() => ReferenceMeasurements.Parse(text, Name));

    [Fact]
    public void A_garbled_number_is_reported_at_its_position()
    {
        var (text, line, column) = Corrupt("14777, variance: 328259", "14A77, variance: 328259");
        Assert.Equal($"{Name}:{line}:{column}: invalid value '14A77' for 'mean'; expected a plain number, got '14A77'", Fails(text).Message);
    }

    [Fact]
    public void Phases_that_do_not_add_up_to_the_mean_are_an_error()
    {
        var (text, _, _) = Corrupt("xl_to_domu_last_sample: 10709", "xl_to_domu_last_sample: 17709");
        var e = Fails(text);
        Assert.Contains("row 'baseline' pause: phases add up to 21777 us but the mean is 14777 us", e.Message);
        Assert.NotNull(e.Line);
    }

    [Fact]
    public void A_misspelt_phase_is_an_error_with_the_valid_names()
    {
        var (text, line, column) = Corrupt("xen_to_vcpu_paused: 1520}}\n      unpause: {mean: 16579", "xen_to_vcpu_pasued: 1520}}\n      unpause: {mean: 16579");
        Assert.Equal(
            $"{Name}:{line}:{column}: unknown pause phase 'xen_to_vcpu_pasued'; did you mean 'xen_to_vcpu_paused'? "
            + "expected phases: xl_to_domu_last_sample, domu_last_sample_to_xen, xen_to_vcpu_paused",
            Fails(text).Message);
    }

    [Fact]
    public void A_mean_outside_min_and_max_is_an_error()
    {
        var (text, line, column) = Corrupt("63176, variance: 1559388900", "13176, variance: 1559388900");
        Assert.StartsWith($"{Name}:{line}:{column}: row 'dom0-net-load' pause: mean 13176 is not between min 41376 and max 141991", Fails(text).Message);
    }

    [Fact]
    public void A_variance_no_five_runs_could_have_is_an_error()
    {
        // A dropped digit: 32825 is below the least variance of runs with this mean, min and max.
        var (text, line, column) = Corrupt("variance: 328259,", "variance: 32825,");
        Assert.StartsWith($"{Name}:{line}:{column + "variance: ".Length}: row 'baseline' pause: variance 32825 is below", Fails(text).Message);
    }

    [Fact]
    public void An_unknown_scenario_key_in_a_change_map_is_an_error()
    {
        var (text, line, column) = Corrupt("change: {domU.vcpus: 1}", "change: {domU.vcpu: 1}");
        Assert.StartsWith(
            $"{Name}:{line}:{column + "change: {".Length}: unknown parameter 'domU.vcpu'; did you mean 'domU.vcpus'?",
            Fails(text).Message);
    }

    [Fact]
    public void An_unreadable_share_bound_is_an_error()
    {
        var (text, _, _) = Corrupt("share_in_10us_decade: \">= 0.98\"        # 10 us", "share_in_10us_decade: \"at least 0.98\"  # 10 us");
        Assert.Contains("invalid value 'at least 0.98' for 'share_in_10us_decade'", Fails(text).Message);
    }

    [Fact]
    public void An_unknown_field_suggests_the_right_one()
    {
        var (text, line, column) = Corrupt("old_environment:", "old_enviroment:");
        Assert.StartsWith(
            $"{Name}:{line}:{column}: unknown field 'old_enviroment' in the reference measurements file; did you mean 'old_environment'?",
            Fails(text).Message);
    }

    [Fact]
    public void A_truncated_file_is_an_error()
    {
        var text = ReferenceFile.Text;
        var cut = text[..text.IndexOf("comparison_baseline:", StringComparison.Ordinal)];
        Assert.Contains("missing required field", Fails(cut).Message);
    }

    [Fact]
    public void A_missing_file_names_the_path()
    {
        var e = Assert.Throws<InputError>(() => ReferenceMeasurements.Load("models/reference/none.yaml"));
        Assert.Equal("models/reference/none.yaml: file not found", e.Message);
    }
}
