namespace XenSwitchSim.Hardware.Xen;

/// <summary>A domain as <c>xc_domain_getinfolist</c> (or <c>xl list</c>) reports it.</summary>
public sealed record DomainInfo(uint Id, string? Name, bool Paused, bool Running, bool Blocked, bool Dying, bool Shutdown, int OnlineVcpus = 0, int? MemoryMb = null);

/// <summary>
/// The libxenctrl calls the resident mechanism and <c>hw hypercall</c> need (xen-internals.md section 4).
/// Errors raise <see cref="XenControlException"/> with the errno.
/// </summary>
public interface IXenControl : IDisposable
{
    /// <summary><c>xc_version(XENVER_version)</c>: (major, minor) of the running hypervisor.</summary>
    (int Major, int Minor) Version();

    /// <summary>Every domain (via <c>xc_domain_getinfolist</c>); names are not known at this level (null).</summary>
    IReadOnlyList<DomainInfo> ListDomains();

    void Pause(uint domid);

    void Unpause(uint domid);

    /// <summary>One <c>xc_version(XENVER_version, NULL)</c>: the bare ioctl + hypercall round trip (Figure 4).</summary>
    void VersionHypercall();
}

public sealed class XenControlException(string call, int errno, string? detail = null)
    : Exception($"{call} failed: errno {errno} ({Describe(errno)}){(detail is null ? "" : ": " + detail)}")
{
    public string Call { get; } = call;

    public int Errno { get; } = errno;

    public static string Describe(int errno) => errno switch
    {
        1 => "EPERM: not allowed; run as root in dom0",
        3 => "ESRCH: no such domain",
        13 => "EACCES: the domctl interface version does not match the running Xen; use the libxenctrl of this Xen version",
        22 => "EINVAL: unpausing a domain that is not paused, or pausing dom0 itself",
        75 => "EOVERFLOW: more than 255 nested pauses",
        _ => "see errno(3)",
    };
}
