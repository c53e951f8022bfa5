namespace PiCam.Bench;

/// <summary>Splits a concatenated-JPEG (.mjpg) file into frames at each EOI marker (FF D9).</summary>
internal static class MjpegFile
{
    public static IReadOnlyList<byte[]> Load(string path)
    {
        var data = File.ReadAllBytes(path);
        var frames = new List<byte[]>();
        var start = 0;
        for (var i = 0; i + 1 < data.Length; i++)
        {
            // Inside entropy-coded data 0xFF is always stuffed (FF 00), so FF D9 only ends an image.
            if (data[i] == 0xFF && data[i + 1] == 0xD9)
            {
                frames.Add(data[start..(i + 2)]);
                start = i + 2;
                i++;
            }
        }

        if (frames.Count == 0 || frames[0].Length < 4 || frames[0][0] != 0xFF || frames[0][1] != 0xD8)
        {
            throw new ArgumentException($"{path}: not a concatenated-JPEG file");
        }

        return frames;
    }
}
