using Portal.Customers;

namespace Portal.Data;

/// How a demo customer buys: its size, rhythm, channel habits and where the story takes it.
/// `PhoneShareAtLaunch` and `PhoneShareNow` are the share of its orders by phone when the portal launched and
/// today; before the launch every order came by phone.
internal sealed record DemoCustomer(
    string Number,
    string Name,
    Segment Segment,
    decimal CreditLimit,
    string City,
    string PostalCode,
    string Street,
    int DaysBetweenOrders,
    double PhoneShareAtLaunch,
    double PhoneShareNow,
    int MaxLines,
    int QuantityScale,
    string Language)
{
    public decimal? Potential { get; init; }

    /// Became a customer this many months ago (within the history: its first months are its baseline).
    public int? JoinedMonthsAgo { get; init; }

    /// Stopped ordering this many months ago: the segmentation's "reactivate" cases.
    public int? StoppedMonthsAgo { get; init; }
}

/// The demo's customer base: the eight named companies the tests and the README speak of, and as many generated
/// ones as asked for, with revenue roughly Pareto-distributed — most are small customers with a few hundred euros a
/// year, a handful of key accounts carry most of the revenue. Deterministic: a fixed seed of its own, so the named
/// companies' history does not depend on how many others there are.
internal static class DemoCustomers
{
    /// The named companies keep the habits they had before the portal's story grew to two years: the C customers
    /// start at about 80 % phone orders at the launch and end at about a quarter.
    public static readonly DemoCustomer[] Named =
    [
        new("10001", "Malerbetrieb Kunz", Segment.C, 2_500m, "Freiburg im Breisgau", "79098", "Kaiser-Joseph-Straße 12", 40, 0.80, 0.25, 4, 1, "de"),
        new("10002", "Bauunternehmen Albrecht GmbH", Segment.A, 60_000m, "Stuttgart", "70173", "Königstraße 40", 6, 0.60, 0.17, 12, 8, "de"),
        new("10003", "Raumausstatter Berger KG", Segment.B, 15_000m, "Karlsruhe", "76133", "Waldstraße 7", 12, 0.60, 0.10, 8, 3, "de"),
        new("10004", "Hausmeisterservice Yılmaz", Segment.C, 0m, "Offenburg", "77652", "Hauptstraße 88", 45, 0.80, 0.25, 3, 1, "de"),
        new("10005", "Tischlerei Sommer", Segment.C, 1_500m, "Lahr", "77933", "Marktplatz 3", 36, 0.80, 0.25, 4, 1, "de"),
        new("10006", "Objektbau Richter GmbH", Segment.B, 20_000m, "Mannheim", "68161", "Planken 5", 10, 0.60, 0.13, 9, 2, "de"),
        new("10007", "Fassadenprofi Wagner", Segment.C, 3_000m, "Emmendingen", "79312", "Lammstraße 21", 35, 0.80, 0.25, 4, 1, "de"),
        new("10008", "Hotel am Schlossberg", Segment.C, 5_000m, "Freiburg im Breisgau", "79104", "Schlossbergring 2", 60, 0.90, 0.25, 3, 2, "en"),
    ];

    private static readonly string[] Trades =
    [
        "Malerbetrieb", "Maler- und Lackierbetrieb", "Malerwerkstatt", "Tischlerei", "Schreinerei", "Hausmeisterservice",
        "Raumausstatter", "Stuckateurbetrieb", "Fassadenbau", "Bodenleger", "Trockenbau", "Gebäudeservice",
        "Renovierungsservice", "Innenausbau", "Bautenschutz", "Hausverwaltung",
    ];

    private static readonly string[] LargeTrades = ["Bauunternehmen", "Wohnbau", "Objektbau", "Baugesellschaft", "Immobilienservice", "Gebäudetechnik"];

    private static readonly string[] Surnames =
    [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Becker", "Schulz", "Hoffmann", "Koch", "Bauer",
        "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Schmitt",
        "Werner", "Krause", "Lehmann", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Huber", "Kaiser",
        "Fuchs", "Peters", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Friedrich", "Keller", "Günther",
        "Frank", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Schuster", "Simon", "Ludwig", "Böhm", "Winter",
        "Kraus", "Schumacher", "Krämer", "Vogt", "Stein", "Otto", "Groß", "Seidel", "Heinrich", "Brandt", "Haas",
        "Schreiber", "Graf", "Dietrich", "Ziegler", "Kuhn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Voigt", "Sauer",
        "Arnold", "Pfeiffer", "Kaya", "Demir", "Şahin", "Öztürk", "Rossi", "Esposito", "Nowak", "Kowalski", "Popescu",
        "Haug", "Riedel", "Ehrhardt", "Kienzle", "Gerber", "Faller", "Ketterer", "Schwörer", "Hug", "Zähringer",
    ];

    private static readonly (string City, string PostalCode)[] Cities =
    [
        ("Freiburg im Breisgau", "79098"), ("Freiburg im Breisgau", "79110"), ("Offenburg", "77652"), ("Lahr", "77933"),
        ("Emmendingen", "79312"), ("Karlsruhe", "76133"), ("Baden-Baden", "76530"), ("Rastatt", "76437"), ("Kehl", "77694"),
        ("Lörrach", "79539"), ("Waldkirch", "79183"), ("Breisach am Rhein", "79206"), ("Müllheim", "79379"),
        ("Bad Krozingen", "79189"), ("Titisee-Neustadt", "79822"), ("Villingen-Schwenningen", "78050"), ("Konstanz", "78462"),
        ("Singen", "78224"), ("Pforzheim", "75175"), ("Heidelberg", "69117"), ("Achern", "77855"), ("Bühl", "77815"),
        ("Ettenheim", "77955"), ("Staufen im Breisgau", "79219"), ("Schopfheim", "79650"), ("Rheinfelden", "79618"),
    ];

    private static readonly string[] Streets =
    [
        "Hauptstraße", "Bahnhofstraße", "Gewerbestraße", "Industriestraße", "Am Mühlbach", "Lindenweg", "Schillerstraße",
        "Goethestraße", "Im Gewerbepark", "Kirchstraße", "Mühlenweg", "Werkstraße", "Rheinstraße", "Schwarzwaldstraße",
    ];

    /// Below this a year's revenue does not pay for personal care at the default segmentation settings, so the
    /// generated base has about seven in ten small customers; key accounts start at the default 50,000 €.
    private const decimal SmallCustomerRevenue = 1_960m;
    private const decimal KeyAccountRevenue = 50_000m;

    /// `count` customers numbered after the named ones. Yearly revenue follows a Pareto distribution (shape 0.9,
    /// scale 450 €, capped at 120,000 €: about a quarter above the small-customer line, a few key accounts, the top
    /// fifth of them with about 80 % of their revenue); rhythm, lines and quantities follow from it.
    public static IReadOnlyList<DemoCustomer> Generate(int count)
    {
        var random = new Random(2027);
        var names = new HashSet<string>(Named.Select(n => n.Name), StringComparer.Ordinal);
        var customers = new List<DemoCustomer>(count);
        for (var i = 0; i < count; i++)
        {
            var uniform = 1 - random.NextDouble();
            var revenue = (decimal)Math.Min(120_000, 450 * Math.Pow(uniform, -1 / 0.9));
            var segment = revenue < SmallCustomerRevenue ? Segment.C : revenue >= KeyAccountRevenue ? Segment.A : Segment.B;

            // A line is worth about 100 € at one pack size step (the catalogs' average pack price times the usual
            // 1–4 packs); lines per order and pack quantities grow with the customer, and the rhythm makes up the rest.
            var orderValue = (double)revenue / (0.35 * Math.Pow((double)revenue, 0.42));
            var maxLines = Math.Clamp((int)Math.Round(orderValue / 150) + 1, 1, 12);
            var quantityScale = Math.Max(1, (int)Math.Round(orderValue / ((1 + maxLines) / 2.0 * 100)));
            var ordersPerYear = (double)revenue / ((1 + maxLines) / 2.0 * quantityScale * 100);

            string name;
            do
            {
                var surname = Surnames[random.Next(Surnames.Length)];
                name = segment switch
                {
                    Segment.A => $"{LargeTrades[random.Next(LargeTrades.Length)]} {surname} GmbH",
                    Segment.B => $"{Trades[random.Next(Trades.Length)]} {surname} {(random.Next(2) == 0 ? "GmbH" : "KG")}",
                    _ => $"{Trades[random.Next(Trades.Length)]} {surname}",
                };
            }
            while (!names.Add(name));

            var (city, postalCode) = Cities[random.Next(Cities.Length)];
            var street = $"{Streets[random.Next(Streets.Length)]} {1 + random.Next(120)}";
            var roll = random.NextDouble();
            // Small customers move to self-service at their own pace: most by far, some halfway, a few hardly at all.
            var phoneNow = segment == Segment.C
                ? roll < 0.55 ? random.NextDouble() * 0.08 : roll < 0.9 ? 0.1 + (random.NextDouble() * 0.25) : 0.7 + (random.NextDouble() * 0.3)
                : 0.05 + (random.NextDouble() * 0.25);
            var phoneAtLaunch = segment == Segment.C ? 0.65 + (random.NextDouble() * 0.3) : 0.5 + (random.NextDouble() * 0.3);
            var creditLimit = segment switch
            {
                Segment.A => Math.Round(revenue / 4 / 5_000) * 5_000,
                Segment.B => Math.Max(5_000m, Math.Round(revenue / 4 / 1_000) * 1_000),
                _ => random.Next(5) == 0 ? 0m : 1_000m + (500m * random.Next(5)),
            };
            var fate = random.NextDouble();
            customers.Add(new DemoCustomer(
                (10009 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                name,
                segment,
                creditLimit,
                city,
                postalCode,
                street,
                Math.Clamp((int)Math.Round(365 / ordersPerYear), 4, 180),
                phoneAtLaunch,
                phoneNow,
                maxLines,
                quantityScale,
                random.Next(20) == 0 ? "en" : "de")
            {
                // The rep's estimate of what a customer could buy: known for a quarter, up to three and a half times
                // today's revenue.
                Potential = random.Next(4) == 0 ? Math.Round(revenue * (decimal)(1.3 + (random.NextDouble() * 2.2)) / 500) * 500 : null,
                JoinedMonthsAgo = fate < 0.10 ? 4 + random.Next(16) : null,
                StoppedMonthsAgo = fate is >= 0.10 and < 0.18 ? 3 + random.Next(9) : null,
            });
        }

        return customers;
    }
}
