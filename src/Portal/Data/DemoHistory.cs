using Portal.Catalogs;
using Portal.Customers;
using Portal.Localization;
using Portal.Ordering;
using Portal.Sales;

namespace Portal.Data;

/// Two years of the demo's past: every customer's orders at its own rhythm and channel mix, the escalations inside
/// sales settled on the way, and the reps' calls and visits. Before the portal's launch every order came by phone;
/// after it each customer's phone share falls from its share at the launch to today's, so the cockpit shows the
/// handling effort falling. Each customer draws from a random sequence of its own (seeded by its number), so adding
/// customers leaves the others' history as it was.
internal sealed class DemoHistory
{
    private static readonly string[] OrderComments =
    [
        "Bitte vor der Lieferung kurz anrufen.", "Lieferung bitte an die Baustelle, nicht ins Büro.", "Bitte erst ab 9 Uhr liefern.",
        "Können Sie die Farbe auf RAL 9010 abtönen?", "Bitte alles auf einer Palette.", "Rechnung bitte an die Hausverwaltung.",
    ];

    private static readonly string[] CallbackQuestions =
    [
        "Wann kommt die Lieferung?", "Gibt es das auch im größeren Gebinde?", "Passt die Grundierung auf Fliesen?",
        "Können wir die Lieferadresse noch ändern?", "Ist ein Sicherheitsdatenblatt dabei?",
    ];

    private readonly DemoSeeder.DemoOffer offer;
    private readonly DemoSeeder.DemoPeople people;
    private readonly DateTimeOffset now;
    private readonly DateTimeOffset start;
    private readonly DateTimeOffset launch;

    public DemoHistory(DemoSeeder.DemoOffer offer, DemoSeeder.DemoPeople people, DateTimeOffset now)
    {
        this.offer = offer;
        this.people = people;
        this.now = now;
        start = now.AddMonths(-DemoSeeder.HistoryMonths);
        launch = now.AddMonths(-DemoSeeder.LaunchMonthsAgo);
        Orders = people.Customers.Zip(people.Specs).SelectMany(c => OrdersOf(c.First, c.Second)).ToList();
    }

    public List<Order> Orders { get; }

    /// The customer's share of phone orders on a day: all of them before the launch, then moving in a straight line
    /// from its share at the launch to today's.
    public static double PhoneShare(DemoCustomer spec, double progressSinceLaunch) =>
        progressSinceLaunch < 0 ? 1.0 : spec.PhoneShareAtLaunch + ((spec.PhoneShareNow - spec.PhoneShareAtLaunch) * progressSinceLaunch);

    private double ProgressSinceLaunch(DateTimeOffset day) => (day - launch).TotalDays / (now - launch).TotalDays;

    private IEnumerable<Order> OrdersOf(Customer customer, DemoCustomer spec)
    {
        var random = new Random(int.Parse(spec.Number, System.Globalization.CultureInfo.InvariantCulture));
        var language = System.Globalization.CultureInfo.GetCultureInfo(spec.Language);
        var visible = offer.VisibleBySegment[customer.Segment];
        // Every trade has its usual assortment: most lines come from a handful of articles, which is what makes
        // "Frequently ordered" and reorder lists worth having.
        var usual = visible.OrderBy(_ => random.Next()).Take(spec.MaxLines * 2).ToList();
        var first = customer.CreatedAt > start ? customer.CreatedAt : start;
        var last = spec.StoppedMonthsAgo is { } stopped ? now.AddMonths(-stopped) : now.AddDays(-1);
        var day = first.AddDays(random.Next(spec.DaysBetweenOrders));
        while (day < last)
        {
            var channel = random.NextDouble() < PhoneShare(spec, ProgressSinceLaunch(day))
                ? OrderChannel.Phone
                : random.NextDouble() < 0.3 ? OrderChannel.ReorderList : OrderChannel.Shop;
            var placedBy = channel == OrderChannel.Phone ? people.Staff.Id
                : customer == people.Kunz ? people.Buyer.Id
                : customer == people.Customers[1] ? people.AlbrechtBuyer.Id
                : null;
            var placedAt = day.AddHours(7 + random.Next(10)).AddMinutes(random.Next(60));
            var order = new Order
            {
                Number = "",
                CustomerId = customer.Id,
                PlacedAt = placedAt,
                Channel = channel,
                // Now and then an order is called off before it ships; the cockpit leaves those out.
                Status = day >= now.AddDays(-14) ? OrderStatus.Confirmed : random.NextDouble() < 0.01 ? OrderStatus.Cancelled : OrderStatus.Completed,
                PaymentMethod = PaymentMethod.OnAccount,
                PlacedByUserId = placedBy,
                DeliveryAddress = customer.Addresses[1].ToString(),
            };
            // A few staples come back in almost every other order, the rest is the usual assortment or now and then
            // anything from the catalog.
            var staples = usual.Take(3).Where(_ => random.NextDouble() < 0.4);
            var candidates = random.NextDouble() < 0.8 ? usual : visible;
            var lineCount = 1 + random.Next(spec.MaxLines);
            foreach (var pack in staples.Concat(candidates.OrderBy(_ => random.Next())).Distinct().Take(lineCount).ToList())
            {
                var quantity = (1 + random.Next(4)) * spec.QuantityScale;
                var unitPrice = offer.PriceOf[customer.Segment][pack.Id];
                var product = offer.ProductOf[pack];
                order.Lines.Add(new OrderLine
                {
                    LineNumber = order.Lines.Count + 1,
                    PackSizeId = pack.Id,
                    Sku = pack.Sku,
                    Description = $"{ContentLanguage.Pick(product.Name, product.NameDe, language)} – {ContentLanguage.Pick(pack.Name, pack.NameDe, language)}",
                    Quantity = quantity,
                    UnitPrice = unitPrice,
                    CostPrice = pack.CostPrice,
                    TaxRate = product.TaxRate,
                    LineNet = Money.Round(quantity * unitPrice),
                });
            }

            order.SubtotalNet = order.Lines.Sum(l => l.LineNet);
            order.VatTotal = order.Lines.GroupBy(l => l.TaxRate).Sum(g => Money.Round(g.Sum(l => l.LineNet) * g.Key));
            order.TotalGross = order.SubtotalNet + order.VatTotal;
            yield return order;
            day = day.AddDays(Math.Max(1, spec.DaysBetweenOrders + random.Next(-spec.DaysBetweenOrders / 3, (spec.DaysBetweenOrders / 3) + 1)));
        }
    }

    /// The reps' calls and visits, month by month: key accounts are visited, mid-sized customers called regularly,
    /// small customers called now and then — less and less once they order online, as the care plan intends.
    public IEnumerable<Touch> Contacts()
    {
        foreach (var (customer, spec) in people.Customers.Zip(people.Specs))
        {
            var random = new Random(int.Parse(spec.Number, System.Globalization.CultureInfo.InvariantCulture) + 500_000);
            var first = customer.CreatedAt > start ? customer.CreatedAt : start;
            var last = spec.StoppedMonthsAgo is { } stopped ? now.AddMonths(-stopped) : now;
            for (var month = first; month < last; month = month.AddMonths(1))
            {
                var online = Math.Clamp(ProgressSinceLaunch(month), 0, 1);
                var (callsPerYear, visitsPerYear) = customer.Segment switch
                {
                    Segment.A => (6.0, 6 - (2 * online)),
                    Segment.B => (8 - (2 * online), 2 - online),
                    _ => (4 - (3 * online), 0.5 * (1 - online)),
                };
                foreach (var (kind, perYear, note) in new[] { (TouchKind.Call, callsPerYear, "Turnusanruf: Bedarf und offene Fragen besprochen."), (TouchKind.Visit, visitsPerYear, "Besuch vor Ort: Sortiment und Konditionen besprochen.") })
                {
                    // Per month at most one of each kind; its chance is the year's rate spread over twelve months.
                    if (random.NextDouble() < perYear / 12)
                    {
                        var at = month.AddDays(random.Next(28)).AddHours(8 + random.Next(9));
                        if (at < now)
                        {
                            yield return new Touch { CustomerId = customer.Id, Kind = kind, At = at, UserId = people.Staff.Id, Note = note };
                        }
                    }
                }
            }
        }

        foreach (var order in Orders.Where(o => o.Channel == OrderChannel.Phone))
        {
            yield return new Touch
            {
                CustomerId = order.CustomerId,
                Kind = TouchKind.OrderOnBehalf,
                At = order.PlacedAt,
                UserId = people.Staff.Id,
                Note = TouchNotes.OrderTakenOnThePhone(order.Number, people.Staff.DisplayName, order.Lines.Count, order.TotalGross),
            };
        }
    }

    /// What self-service could not settle in the past: a comment to read, a question to call back, an order over
    /// the credit limit — each settled by inside sales within a day or two. Needs the orders' numbers.
    public IEnumerable<Escalation> SettledEscalations(SalesOptions sales)
    {
        var limitOf = people.Customers.ToDictionary(c => c.Id, c => c.CreditLimit);
        var nameOf = people.Customers.ToDictionary(c => c.Id, c => c.Name);
        var random = new Random(2028);
        foreach (var order in Orders.Where(o => o.Channel.IsSelfService() && o.PlacedAt < now.AddDays(-3)).OrderBy(o => o.PlacedAt))
        {
            if (random.NextDouble() >= 0.06)
            {
                continue;
            }

            var roll = random.NextDouble();
            var (type, reason, outcome) = roll < 0.5
                ? (EscalationType.OrderComment, EscalationReasons.OrderComment.Format(order.Number, OrderComments[random.Next(OrderComments.Length)]), EscalationOutcome.Settled)
                : roll < 0.8 || limitOf[order.CustomerId] == 0
                    ? (EscalationType.CallbackRequest, EscalationReasons.CallbackAboutOrderWithQuestion.Format(nameOf[order.CustomerId], order.Number, CallbackQuestions[random.Next(CallbackQuestions.Length)]), EscalationOutcome.Settled)
                    : (EscalationType.CreditLimit, EscalationReasons.CreditLimit.Format(order.Number, EscalationReasons.Amount(order.TotalGross), EscalationReasons.Amount(limitOf[order.CustomerId] + order.TotalGross), EscalationReasons.Amount(limitOf[order.CustomerId])), EscalationOutcome.Approved);
            var escalation = new Escalation
            {
                Type = type,
                CustomerId = order.CustomerId,
                OrderId = order.Id,
                Reason = reason,
                CreatedAt = order.PlacedAt,
                DueAt = order.PlacedAt + sales.SlaFor(type),
                ClaimedByUserId = people.Staff.Id,
                ClaimedAt = order.PlacedAt.AddHours(1 + random.Next(4)),
            };
            escalation.Resolve(outcome, null, people.Staff.Id, escalation.ClaimedAt.Value.AddHours(1 + random.Next(20)));
            yield return escalation;
        }
    }
}
