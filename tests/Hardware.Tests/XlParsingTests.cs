using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Tests;

public class XlParsingTests
{
    [Fact]
    public void Xl_list_states_are_read_from_the_state_column()
    {
        const string text = """
            Name                                        ID   Mem VCPUs	State	Time(s)
            Domain-0                                     0  1024     1     r-----      12.3
            guest-a                                      1    96     1     -b----       1.0
            guest-b                                      2    96     2     --p---       0.5
            """;
        var d = XlClient.ParseList(text);
        Assert.Equal(3, d.Count);
        Assert.True(d[0].Running);
        Assert.False(d[1].Paused);
        Assert.True(d[1].Blocked);
        Assert.True(d[2].Paused);
        Assert.Equal(2, d[2].OnlineVcpus);
        Assert.Equal("guest-b", d[2].Name);
    }

    [Fact]
    public void Wrappers_go_before_xl_as_the_study_launched_it()
    {
        Assert.Equal(["xl", "pause", "d1"], XlClient.OperationCommand("pause", "d1", 0, false, 50));
        Assert.Equal(["nice", "-n", "-20", "xl", "pause", "d1"], XlClient.OperationCommand("pause", "d1", -20, false, 50));
        Assert.Equal(["chrt", "-f", "99", "xl", "unpause", "d1"], XlClient.OperationCommand("unpause", "d1", 0, true, 99));
    }

    [Fact]
    public void Getdomaininfo_entries_decode_the_paused_bit_and_sizes_follow_the_version()
    {
        var e = new byte[120];
        BitConverter.TryWriteBytes(e.AsSpan(0), (ushort)7);
        BitConverter.TryWriteBytes(e.AsSpan(4), DomainInfoLayout.FlagPaused | DomainInfoLayout.FlagBlocked);
        BitConverter.TryWriteBytes(e.AsSpan(64), 3);
        var d = DomainInfoLayout.Decode(e);
        Assert.Equal(7u, d.Id);
        Assert.True(d.Paused);
        Assert.True(d.Blocked);
        Assert.False(d.Running);
        Assert.Equal(3, d.OnlineVcpus);
        Assert.Equal(112, DomainInfoLayout.EntrySize(4, 14, arm64: true));
        Assert.Equal(120, DomainInfoLayout.EntrySize(4, 17, arm64: true));
        Assert.Null(DomainInfoLayout.EntrySize(4, 16, arm64: true));
        Assert.Null(DomainInfoLayout.EntrySize(4, 17, arm64: false));
    }

    [Fact]
    public void Xl_info_and_dmesg_give_version_scheduler_cpus_and_tsc()
    {
        using var xl = new FakeXl(("d1", 1, 0));
        var info = new XlClient(xl.Runner, TimeSpan.FromSeconds(10)).Info();
        Assert.Equal("4.17.7", info.XenVersion);
        Assert.Equal("credit2", info.Scheduler);
        Assert.Equal(2, info.Pcpus);
        Assert.Equal(2.1e9, info.TscHz);
    }
}
