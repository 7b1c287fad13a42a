namespace XenSwitchSim.Cli.Output;

/// <summary>Writes a file through a temporary sibling and a rename, so a failure never leaves half a file.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<TextWriter> body) =>
        WriteVia(path, tmp =>
        {
            using var w = new StreamWriter(tmp);
            body(w);
        });

    /// <summary>
    /// Lets <paramref name="produce"/> create the temporary sibling (by its path, e.g. a program that writes a PNG
    /// there), then renames it over <paramref name="path"/>. The temporary name keeps the file's extension.
    /// </summary>
    public static void WriteVia(string path, Action<string> produce)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new Models.Errors.InputError(Models.Errors.SourceLocation.Of(path), $"directory '{dir}' does not exist", "expected an existing directory for the output file");
        var tmp = Path.Combine(dir, $".{Path.GetFileNameWithoutExtension(full)}.{Environment.ProcessId}.tmp{Path.GetExtension(full)}");
        try
        {
            produce(tmp);
            if (!File.Exists(tmp)) throw new IOException($"nothing was written for '{path}'");
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Checks before a long run that <paramref name="path"/>'s directory exists, so the output can be written at the end.</summary>
    public static void CheckWritable(string path, string option)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir))
            throw new Models.Errors.InputError(Models.Errors.SourceLocation.Of(option), $"directory '{dir}' does not exist", $"expected {option} to name a file in an existing directory");
    }
}
