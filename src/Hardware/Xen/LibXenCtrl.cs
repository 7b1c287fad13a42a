using System.Runtime.InteropServices;

namespace XenSwitchSim.Hardware.Xen;

/// <summary>
/// libxenctrl through P/Invoke, loaded at run time: the library is chosen by the running Xen's
/// version (<c>/sys/hypervisor/version/{major,minor}</c> gives <c>libxenctrl.so.MAJOR.MINOR</c>),
/// else by probing <c>libxenctrl.so.4.*</c> in the usual library directories; the choice is checked
/// with <c>xc_version</c> (a library for another Xen fails every domctl with EACCES).
/// The handle is warmed with one <c>xc_version</c> so the first timed call costs one ioctl and one HVC.
/// </summary>
public sealed unsafe class LibXenCtrl : IXenControl
{
    private static readonly string[] LibraryDirs =
        ["/usr/lib/aarch64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib", "/lib/aarch64-linux-gnu", "/lib/x86_64-linux-gnu"];

    private readonly nint _lib;
    private nint _xch;
    private readonly delegate* unmanaged<nint, int> _close;
    private readonly delegate* unmanaged<nint, uint, int> _pause;
    private readonly delegate* unmanaged<nint, uint, int> _unpause;
    private readonly delegate* unmanaged<nint, int, nint, int> _version;
    private readonly delegate* unmanaged<nint, uint, uint, byte*, int> _getinfolist;
    private readonly int? _entrySize;

    public string LibraryPath { get; }

    private LibXenCtrl(string path)
    {
        LibraryPath = path;
        _lib = NativeLibrary.Load(path);
        var open = (delegate* unmanaged<nint, nint, uint, nint>)NativeLibrary.GetExport(_lib, "xc_interface_open");
        _close = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(_lib, "xc_interface_close");
        _pause = (delegate* unmanaged<nint, uint, int>)NativeLibrary.GetExport(_lib, "xc_domain_pause");
        _unpause = (delegate* unmanaged<nint, uint, int>)NativeLibrary.GetExport(_lib, "xc_domain_unpause");
        _version = (delegate* unmanaged<nint, int, nint, int>)NativeLibrary.GetExport(_lib, "xc_version");
        _getinfolist = (delegate* unmanaged<nint, uint, uint, byte*, int>)NativeLibrary.GetExport(_lib, "xc_domain_getinfolist");
        _xch = open(0, 0, 0);
        if (_xch == 0) throw new XenControlException("xc_interface_open", Marshal.GetLastSystemError(), "is this dom0, as root, with /dev/xen/privcmd?");
        var (major, minor) = Version(); // warms the hypercall buffer cache
        _entrySize = DomainInfoLayout.EntrySize(major, minor, RuntimeInformation.ProcessArchitecture == Architecture.Arm64);
    }

    /// <summary>Opens the library that matches the running Xen.</summary>
    public static LibXenCtrl Open(string? libraryPath = null) => new(libraryPath ?? FindLibrary());

    public static string FindLibrary()
    {
        var candidates = new List<string>();
        if (ReadSys("major") is { } major && ReadSys("minor") is { } minor)
        {
            candidates.AddRange(LibraryDirs.Select(d => Path.Combine(d, $"libxenctrl.so.{major}.{minor}")));
        }

        foreach (var d in LibraryDirs.Where(Directory.Exists))
        {
            candidates.AddRange(Directory.EnumerateFiles(d, "libxenctrl.so.4.*").Order(StringComparer.Ordinal).Reverse());
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new DllNotFoundException("no libxenctrl.so.4.* found (install the libxenmisc package of this Xen version, e.g. libxenmisc4.14 on Debian 11)");
    }

    private static string? ReadSys(string part)
    {
        try { return File.ReadAllText($"/sys/hypervisor/version/{part}").Trim(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public (int Major, int Minor) Version()
    {
        var v = _version(_xch, 0, 0);
        if (v < 0) throw new XenControlException("xc_version", Marshal.GetLastSystemError());
        return (v >> 16, v & 0xffff);
    }

    public void VersionHypercall()
    {
        if (_version(_xch, 0, 0) < 0) throw new XenControlException("xc_version", Marshal.GetLastSystemError());
    }

    public void Pause(uint domid)
    {
        if (_pause(_xch, domid) != 0) throw new XenControlException("xc_domain_pause", Marshal.GetLastSystemError(), $"domain {domid}");
    }

    public void Unpause(uint domid)
    {
        if (_unpause(_xch, domid) != 0) throw new XenControlException("xc_domain_unpause", Marshal.GetLastSystemError(), $"domain {domid}");
    }

    public IReadOnlyList<DomainInfo> ListDomains()
    {
        var result = new List<DomainInfo>();
        if (_entrySize is { } size)
        {
            const int max = 1024;
            var buffer = new byte[size * max];
            fixed (byte* p = buffer)
            {
                var n = _getinfolist(_xch, 0, max, p);
                if (n < 0) throw new XenControlException("xc_domain_getinfolist", Marshal.GetLastSystemError());
                for (var i = 0; i < n; i++) result.Add(DomainInfoLayout.Decode(buffer.AsSpan(i * size, size)));
            }

            return result;
        }

        // Stride unknown for this version/architecture: one domain per call, so only the first entry is read.
        var one = new byte[DomainInfoLayout.SingleEntryBuffer];
        uint next = 0;
        fixed (byte* p = one)
        {
            while (next < 0x7ff0)
            {
                var n = _getinfolist(_xch, next, 1, p);
                if (n < 0) throw new XenControlException("xc_domain_getinfolist", Marshal.GetLastSystemError());
                if (n == 0) break;
                var d = DomainInfoLayout.Decode(one);
                if (d.Id < next) break;
                result.Add(d);
                next = d.Id + 1;
            }
        }

        return result;
    }

    public void Dispose()
    {
        if (_xch != 0)
        {
            _close(_xch);
            _xch = 0;
        }

        NativeLibrary.Free(_lib);
    }
}
