namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// A domctl that Xen refuses, with the errno it returns (xc_domain_pause/unpause give -1 and set
/// errno to it). xl ignores it and exits 0; a resident switcher can report it.
/// </summary>
public sealed class XenDomctlException(string operation, int errno, string message)
    : InvalidOperationException($"{operation}: {XenErrno.Name(errno)}: {message}")
{
    public string Operation { get; } = operation;

    /// <summary>Positive errno (Xen returns its negation).</summary>
    public int Errno { get; } = errno;
}

/// <summary>The errno values of xen/include/public/errno.h that domctls return here.</summary>
public static class XenErrno
{
    public const int ESRCH = 3;
    public const int EINVAL = 22;
    public const int EOVERFLOW = 75;

    public static string Name(int errno) => errno switch
    {
        ESRCH => "ESRCH",
        EINVAL => "EINVAL",
        EOVERFLOW => "EOVERFLOW",
        _ => $"errno {errno}",
    };
}
