namespace XenSwitchSim.Cli.Tests;

public class ExitCodeTests
{
    [Fact]
    public void An_unknown_command_is_bad_usage_with_exit_code_2()
    {
        var (code, _, err) = CliRunner.Run("bogus");
        Assert.Equal(2, code);
        Assert.Contains("bogus", err);
    }

    [Fact]
    public void A_malformed_option_value_is_bad_usage_with_exit_code_2()
    {
        var (code, _, err) = CliRunner.Run("simulate", "--runs", "many");
        Assert.Equal(2, code);
        Assert.Contains("many", err);
    }

    [Fact]
    public void An_unknown_parameter_key_names_the_set_option_and_suggests_the_closest_key()
    {
        var (code, output, err) = CliRunner.Run("simulate", "--runs", "2", "--set", "dom0.cpu_laod_procs=4");
        Assert.Equal(2, code);
        Assert.Contains("--set", err);
        Assert.Contains("dom0.cpu_load_procs", err);
        Assert.Equal("", output);
    }

    [Fact]
    public void A_value_out_of_range_says_what_is_allowed()
    {
        var (code, _, err) = CliRunner.Run("simulate", "--runs", "2", "--set", "domU.vcpus=9");
        Assert.Equal(2, code);
        Assert.Contains("domU.vcpus", err);
        Assert.Contains("1", err);
    }

    [Fact]
    public void A_missing_model_file_is_bad_input_naming_the_path()
    {
        var (code, _, err) = CliRunner.Run("simulate", "--runs", "2", "--model", "/nonexistent/model.yaml");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/model.yaml", err);
    }

    [Fact]
    public void A_malformed_model_file_names_file_line_and_column()
    {
        var path = Path.Combine(Path.GetTempPath(), $"xss-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: x\nplatform:\n  pcpus: [4\n");
        try
        {
            var (code, _, err) = CliRunner.Run("simulate", "--runs", "2", "--model", path);
            Assert.Equal(2, code);
            Assert.Matches($"{System.Text.RegularExpressions.Regex.Escape(path)}:\\d+:\\d+", err);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void An_infeasible_scenario_exits_2_with_the_arithmetic()
    {
        var (code, _, err) = CliRunner.Run("simulate", "--runs", "2", "--set", "xen.scheduler=null", "--set", "dom0.vcpus=2");
        Assert.Equal(2, code);
        Assert.Contains("2 dom0 vCPUs + 1 x 3 domU vCPUs = 5 > 4 pCPUs", err);
    }

    [Fact]
    public void A_samples_file_in_a_missing_directory_fails_without_leaving_a_file()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"xss-missing-{Guid.NewGuid():N}");
        var (code, _, err) = CliRunner.Run("simulate", "--runs", "2", "--quiet", "--samples-csv", Path.Combine(dir, "s.csv"));
        Assert.Equal(2, code);
        Assert.Contains(dir, err);
        Assert.False(Directory.Exists(dir));
    }
}
