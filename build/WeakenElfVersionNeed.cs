using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>Sets VER_FLG_WEAK on one Elf64 version requirement (.gnu.version_r) so a missing version only warns.</summary>
public class WeakenElfVersionNeed : Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string Version { get; set; } = "";

    const int ShtGnuVerNeed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            var bytes = File.ReadAllBytes(path);
            int patched = Patch(bytes);
            if (patched < 0) { Log.LogWarning($"{path}: not a little-endian Elf64 file; left as is"); continue; }
            if (patched > 0)
            {
                File.WriteAllBytes(path, bytes);
                Log.LogMessage(MessageImportance.Normal, $"{path}: marked {Version} weak");
            }
        }
        return !Log.HasLoggedErrors;
    }

    int Patch(byte[] b)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[4] != 2 || b[5] != 1) return -1;
        long shoff = BitConverter.ToInt64(b, 0x28);
        int shentsize = BitConverter.ToUInt16(b, 0x3A), shnum = BitConverter.ToUInt16(b, 0x3C);
        int changed = 0;
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(b, (int)sh + 4) != ShtGnuVerNeed) continue;
            long offset = BitConverter.ToInt64(b, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(b, (int)sh + 0x28);
            long strtab = BitConverter.ToInt64(b, (int)(shoff + (long)link * shentsize + 0x18));
            long need = offset;
            while (true)
            {
                int cnt = BitConverter.ToUInt16(b, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(b, (int)need + 8);
                for (int a = 0; a < cnt; a++)
                {
                    long name = strtab + BitConverter.ToUInt32(b, (int)aux + 8);
                    if (ReadString(b, name) == Version)
                    {
                        ushort flags = BitConverter.ToUInt16(b, (int)aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(b, (int)aux + 4);
                            changed++;
                        }
                    }
                    uint nextAux = BitConverter.ToUInt32(b, (int)aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = BitConverter.ToUInt32(b, (int)need + 12);
                if (next == 0) break;
                need += next;
            }
        }
        return changed;
    }

    static string ReadString(byte[] b, long at)
    {
        int end = (int)at;
        while (b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)at, end - (int)at);
    }
}
