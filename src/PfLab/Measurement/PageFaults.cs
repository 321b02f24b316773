using System.Globalization;

namespace PfLab.Measurement;

/// <summary>
/// Minor page faults of this process so far (field 10 of /proc/self/stat): pages the kernel had to map and zero on
/// first touch. Unlike a timing, the count per training step does not depend on what else the machine runs, so it
/// shows allocator behaviour on a shared machine. Null where /proc is not there.
/// </summary>
public static class PageFaults
{
    public static long? Minor()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            // The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
