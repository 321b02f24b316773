using System.ComponentModel.DataAnnotations;

namespace PfLab.Validation;

/// <summary>A device this build and machine have: cpu, auto, or cuda / cuda:N when CUDA is available.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DeviceAttribute() : ValidationAttribute("cpu, auto, or cuda:N on a machine with that GPU")
{
    public override bool IsValid(object? value)
    {
        if (value is not string spec) return value is null;
        try
        {
            var device = Runtime.TorchRuntime.ParseDevice(spec);
            return device.type != TorchSharp.DeviceType.CUDA || device.index < TorchSharp.torch.cuda.device_count();
        }
        catch (UserError)
        {
            return false;
        }
    }
}
