namespace XenSwitchSim.Hardware.Xen;

/// <summary>
/// <c>struct xen_domctl_getdomaininfo</c> (the entries <c>xc_domain_getinfolist</c> fills), from
/// xen-internals.md section 4: <c>u16 domain</c> at 0, <c>u32 flags</c> at 4 (bit 0 dying, 1 hvm,
/// 2 shutdown, 3 paused, 4 blocked, 5 running), <c>nr_online_vcpus</c> at 64. Entry size 112 bytes
/// for 4.13/4.14 and 120 for 4.17 and later, computed for an Arm build. The size of 4.15/4.16
/// entries and of x86 entries is not in the note: for those the list is read one domain per call
/// (<see cref="EntrySize"/> returns null), where the stride does not matter.
/// </summary>
public static class DomainInfoLayout
{
    public const int DomainOffset = 0;
    public const int FlagsOffset = 4;
    public const int OnlineVcpusOffset = 64;

    public const uint FlagDying = 1u << 0;
    public const uint FlagHvm = 1u << 1;
    public const uint FlagShutdown = 1u << 2;
    public const uint FlagPaused = 1u << 3;
    public const uint FlagBlocked = 1u << 4;
    public const uint FlagRunning = 1u << 5;

    /// <summary>Bytes of buffer per entry when reading one domain per call: larger than any version's entry.</summary>
    public const int SingleEntryBuffer = 1024;

    public static int? EntrySize(int major, int minor, bool arm64) => (major, minor, arm64) switch
    {
        (4, 13 or 14, true) => 112,
        (4, >= 17, true) => 120,
        _ => null,
    };

    public static DomainInfo Decode(ReadOnlySpan<byte> entry)
    {
        var id = BitConverter.ToUInt16(entry[DomainOffset..]);
        var flags = BitConverter.ToUInt32(entry[FlagsOffset..]);
        var vcpus = BitConverter.ToInt32(entry[OnlineVcpusOffset..]);
        return new DomainInfo(id, null, (flags & FlagPaused) != 0, (flags & FlagRunning) != 0, (flags & FlagBlocked) != 0,
            (flags & FlagDying) != 0, (flags & FlagShutdown) != 0, vcpus);
    }
}
