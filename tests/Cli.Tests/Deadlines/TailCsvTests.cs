using static XenSwitchSim.Cli.Tests.Deadlines.CliRunner;

namespace XenSwitchSim.Cli.Tests.Deadlines;

public class TailCsvTests
{
    private static Result Tail(string content, params string[] extra)
    {
        using var tmp = new TempFolder();
        var f = Path.Combine(tmp.Path, "m.csv");
        File.WriteAllText(f, content);
        return Run(["tail", "--samples", f, "--deadline", "1ms", .. extra]);
    }

    [Fact]
    public void A_malformed_number_is_bad_input_naming_file_and_line()
    {
        var rows = string.Join("\n", Enumerable.Range(1, 20).Select(i => i == 7 ? "12.5.3" : $"{i * 100}"));
        var r = Tail("switch_true_us\n" + rows + "\n");
        Assert.Equal(2, r.Code);
        Assert.Matches(@"m\.csv:8:\d+: '12\.5\.3'", r.Err);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_bad_input_naming_the_line()
    {
        var r = Tail("a,b\n1,2\n3\n", "--column", "b");
        Assert.Equal(2, r.Code);
        Assert.Contains("m.csv:3:", r.Err);
    }

    [Fact]
    public void A_missing_column_lists_the_columns()
    {
        var r = Tail("run,x_us,y_us\n0,1,2\n", "--column", "z_us");
        Assert.Equal(2, r.Code);
        Assert.Contains("no column 'z_us'", r.Err);
        Assert.Contains("run, x_us, y_us", r.Err);
    }

    [Fact]
    public void Empty_data_is_bad_input()
    {
        Assert.Equal(2, Tail("").Code);
        var r = Tail("switch_true_us\n\n");
        Assert.Equal(2, r.Code);
        Assert.Contains("no values", r.Err);
    }
}
