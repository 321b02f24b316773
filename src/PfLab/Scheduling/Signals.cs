using System.Runtime.InteropServices;

namespace PfLab.Scheduling;

/// <summary>kill(2), for signals .NET's Process has no call for (SIGTERM) and for processes that are not our children.</summary>
static class Signals
{
    public const int Term = 15;
    public const int Kill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int SysKill(int pid, int signal);

    public static void Send(int pid, int signal) => SysKill(pid, signal);
}
