namespace PiCam.Cli;

/// <summary>Parses <c>picam [--config PATH] [--port N] [--video-source KIND] [--name NAME] [--backend URL] [--device-id ID] [--verbose] [--version] [--help]</c>.</summary>
internal static class CommandLineParser
{
    public const string Usage = """
        Usage: picam [options]

        Streams a camera as MJPEG over HTTP(S). Configuration comes from a .env file
        (KEY=VALUE); environment variables override it and flags override both.

        Options:
          --config PATH          the .env file (default: $PICAM_CONFIG, else
                                 /boot/firmware/picam.env when present, else ./.env)
          --port N               PORT: the port to serve on (default 8000; 0: any free port)
          --video-source KIND    VIDEO_SOURCE: auto | picamera | webcam[:/dev/videoN] |
                                 command:PROGRAM ARGS | file:PATH | simulator
                                 (fake and camera are the agent's names for
                                 simulator and picamera)
          --backend URL          BACKEND_URL: run as a device agent of this backend
                                 (ws://HOST:PORT/ws/device or wss://…)
          --device-id ID         DEVICE_ID: the agent's device ID (default: one
                                 generated once and kept in DATA_DIR)
          --name NAME            NAME: the camera's name (default Picamera)
          --verbose              log debug messages
          --version              print the version and exit
          --help                 print this help and exit
        """;

    private static readonly Dictionary<string, string> ValueFlags = new(StringComparer.Ordinal)
    {
        ["--port"] = "PORT",
        ["--video-source"] = "VIDEO_SOURCE",
        ["--name"] = "NAME",
        ["--backend"] = "BACKEND_URL",
        ["--device-id"] = "DEVICE_ID",
    };

    public static CommandLineOptions Parse(IReadOnlyList<string> args)
    {
        string? config = null;
        bool verbose = false, help = false, version = false;
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var (flag, inline) = Split(args[i]);
            switch (flag)
            {
                case "--help" or "-h":
                    help = true;
                    break;
                case "--version":
                    version = true;
                    break;
                case "--verbose" or "-v":
                    verbose = true;
                    break;
                case "--config":
                    if (!TryValue(args, ref i, inline, out config))
                    {
                        return Fail("--config needs a path");
                    }

                    break;
                default:
                    if (!ValueFlags.TryGetValue(flag, out var key))
                    {
                        return Fail($"unknown option '{args[i]}'");
                    }

                    if (!TryValue(args, ref i, inline, out var value))
                    {
                        return Fail($"{flag} needs a value");
                    }

                    overrides[key] = value;
                    break;
            }
        }

        return new CommandLineOptions { ConfigPath = config, Verbose = verbose, ShowHelp = help, ShowVersion = version, Overrides = overrides };
    }

    private static (string Flag, string? Inline) Split(string arg)
    {
        var equals = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int i, string? inline, out string? value)
    {
        if (inline is not null)
        {
            value = inline;
            return true;
        }

        if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            value = args[++i];
            return true;
        }

        value = null;
        return false;
    }

    private static CommandLineOptions Fail(string error) => new() { Error = error };
}
