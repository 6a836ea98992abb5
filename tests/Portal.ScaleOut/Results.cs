using System.Text.Json;

namespace Portal.ScaleOut;

/// What the buyers were told, kept by the client: the order numbers of every success answer, the refusals, the
/// responses by action and status, and the cross-instance checks. Written as JSON for `check`.
internal sealed class Results
{
    private readonly Lock gate = new();

    public sealed record PlacedOrder(string Buyer, string Key, string Number, int Attempts);

    public sealed record Refusal(string Buyer, string Key, string Message);

    public sealed record Check(string Name, bool Ok, string Detail);

    public List<PlacedOrder> Orders { get; set; } = [];
    public List<Refusal> Refused { get; set; } = [];
    public List<Check> Checks { get; set; } = [];
    public SortedDictionary<string, int> Responses { get; set; } = new(StringComparer.Ordinal);
    public List<string> Buyers { get; set; } = [];
    public long LoadStartedAt { get; set; }
    public long LoadEndedAt { get; set; }

    public void Placed(PlacedOrder order)
    {
        lock (gate)
        {
            Orders.Add(order);
        }
    }

    public void Refuse(Refusal refusal)
    {
        lock (gate)
        {
            Refused.Add(refusal);
        }
    }

    public void Count(string action, string outcome)
    {
        lock (gate)
        {
            var key = $"{action} {outcome}";
            Responses[key] = Responses.GetValueOrDefault(key) + 1;
        }
    }

    public bool Verify(string name, bool ok, string detail)
    {
        lock (gate)
        {
            Checks.Add(new Check(name, ok, detail));
        }

        Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {name} ({detail})");
        return ok;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Indented));

    public static Results Load(string path) => JsonSerializer.Deserialize<Results>(File.ReadAllText(path))!;
}
