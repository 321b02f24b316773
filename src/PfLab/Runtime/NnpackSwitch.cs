using System.Runtime.InteropServices;
using TorchSharp;

namespace PfLab.Runtime;

/// <summary>
/// Turns libtorch's NNPACK convolution path off for the process. On CPUs whose caches NNPACK's cpuinfo cannot read
/// (some virtual machines: AVX2 and FMA present, still "Unsupported hardware") libtorch asks NNPACK again before every
/// no-grad convolution and prints "Could not initialize NNPACK!" to stderr each time: hundreds of lines per evaluation,
/// burying PfLab's own one-line errors. Where NNPACK does initialise, libtorch picks it only for some no-grad
/// convolutions that oneDNN declines; with it off everywhere, those take libtorch's own path on every machine, so a
/// trial's evaluation no longer depends on whether the machine could run NNPACK. TorchSharp 0.107 exposes no binding, so this
/// calls at::globalContext().setUserEnabledNNPACK(false) in the libtorch that TorchSharp already loaded.
/// </summary>
public static class NnpackSwitch
{
    const int RTLD_LAZY = 0x1, RTLD_NOLOAD = 0x4;
    static int applied;

    /// <summary>Whether NNPACK is switched off in this process (false until <see cref="TurnOff"/> succeeded).</summary>
    public static bool Off { get; private set; }

    /// <summary>Once per process; any libtorch without these symbols (another version) keeps its default.</summary>
    public static void TurnOff()
    {
        if (Interlocked.Exchange(ref applied, 1) != 0 || !OperatingSystem.IsLinux()) return;
        _ = torch.get_num_threads(); // makes TorchSharp load its libtorch first, so the lookup below finds that copy
        var library = dlopen("libtorch_cpu.so", RTLD_LAZY | RTLD_NOLOAD);
        if (library == IntPtr.Zero
            || !NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out var globalContext)
            || !NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledNNPACKEb", out var setEnabled)
            || !NativeLibrary.TryGetExport(library, "_ZNK2at7Context17userEnabledNNPACKEv", out var isEnabled))
            return;
        var context = Marshal.GetDelegateForFunctionPointer<GlobalContext>(globalContext)();
        Marshal.GetDelegateForFunctionPointer<SetFlag>(setEnabled)(context, 0);
        Off = Marshal.GetDelegateForFunctionPointer<GetFlag>(isEnabled)(context) == 0;
    }

    // The member functions take the context as their first argument (the Itanium C++ ABI's `this`); bool is one byte.
    delegate IntPtr GlobalContext();
    delegate void SetFlag(IntPtr context, byte value);
    delegate byte GetFlag(IntPtr context);

    [DllImport("libc", ExactSpelling = true, CharSet = CharSet.Ansi)]
    static extern IntPtr dlopen(string file, int mode);
}
