using Portal.ScaleOut;

// The driver of scripts/scaleout.sh: two portal instances on one PostgreSQL behind nginx.
//   smtp  --port N --log FILE                          an SMTP sink: one JSON line per mail received
//   load  --proxy URL --instance URL --instance URL --mails FILE --results FILE [--buyers N] [--duration S]
//                                                      buyers through the proxy, and the cross-instance checks
//   check --postgres CONN --results FILE --mails FILE [--kill-at UNIX_MS]
//                                                      every answered order once, no mail twice, one nightly run
// Exit code 0 when everything held, 1 on any loss or failed check, 2 on bad arguments.
var arguments = Arguments.Parse(args.Skip(1).ToArray());
try
{
    return args.FirstOrDefault() switch
    {
        "smtp" => await SmtpSink.RunAsync(arguments.Int("--port"), arguments.One("--log")),
        "load" => await LoadRun.RunAsync(arguments),
        "check" => await Checks.RunAsync(arguments),
        _ => Usage(),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("Usage: Portal.ScaleOut smtp|load|check [options] (see scripts/scaleout.sh)");
    return 2;
}

namespace Portal.ScaleOut
{
    internal sealed class Arguments(ILookup<string, string> values)
    {
        public static Arguments Parse(string[] args)
        {
            if (args.Length % 2 != 0)
            {
                throw new ArgumentException("Options come in pairs: --name value.");
            }

            return new Arguments(Enumerable.Range(0, args.Length / 2).ToLookup(i => args[2 * i], i => args[2 * i + 1]));
        }

        public string One(string name) => values[name].LastOrDefault() ?? throw new ArgumentException($"{name} is required.");

        public string? Optional(string name) => values[name].LastOrDefault();

        public IReadOnlyList<string> All(string name) => values[name].ToList();

        public int Int(string name, int? fallback = null) =>
            Optional(name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : fallback ?? throw new ArgumentException($"{name} is required.");
    }
}
