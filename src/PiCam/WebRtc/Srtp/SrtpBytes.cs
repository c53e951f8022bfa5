using System.Numerics;
using System.Runtime.InteropServices;

namespace PiCam.WebRtc.Srtp;

/// <summary>Byte helpers the SRTP transforms share.</summary>
internal static class SrtpBytes
{
    /// <summary><paramref name="data"/>[i] ^= <paramref name="mask"/>[i] for every byte of data.</summary>
    public static void Xor(Span<byte> data, ReadOnlySpan<byte> mask)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && data.Length >= Vector<byte>.Count)
        {
            var dataVectors = MemoryMarshal.Cast<byte, Vector<byte>>(data);
            var maskVectors = MemoryMarshal.Cast<byte, Vector<byte>>(mask[..data.Length]);
            for (var v = 0; v < dataVectors.Length; v++)
            {
                dataVectors[v] ^= maskVectors[v];
            }

            i = dataVectors.Length * Vector<byte>.Count;
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= mask[i];
        }
    }
}
