using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Catalogs;
using Portal.Customers;
using Portal.Identity;
using Portal.Localization;
using Portal.Ordering;
using Portal.Pricing;
using Portal.Sales;
using Portal.ServiceModules;

namespace Portal.Data;

/// A believable demo: a paint and decorating wholesaler with about 200 customers in every segment and two years of
/// history in which the portal launched 15 months ago and the small customers moved from the phone to the shop.
/// Deterministic (fixed random seeds), so a screenshot or a test finds the same data every time.
public sealed class DemoSeeder(PortalDbContext db, UserManager<PortalUser> users, EscalationIntake intake, DemoPurchasing purchasing, TimeProvider time, IOptions<PortalOptions> options, ILogger<DemoSeeder> logger)
{
    public const string Password = "Demo-2026!";

    private string? passwordHash;

    /// How far the history reaches back, and when the portal went live within it.
    public const int HistoryMonths = 24;
    public const int LaunchMonthsAgo = 15;

    private sealed record PackSpec(string Name, decimal Units);

    private sealed record ProductSpec(string Category, string Name, string Description, string BaseUnit, decimal PricePerUnit, PackSpec[] Packs, string? Manufacturer = null, decimal TaxRate = 0.19m);

    private static readonly (string Slug, string Name)[] CategorySpecs =
    [
        ("wall-paints", "Wall paints"), ("varnishes", "Varnishes & lacquers"), ("primers", "Primers"),
        ("brushes-rollers", "Brushes & rollers"), ("tape-masking", "Tape & masking"), ("fillers", "Fillers & sealants"),
        ("tools", "Tools & abrasives"), ("protective", "Protective gear"), ("cleaning", "Cleaning"),
    ];

    private static readonly PackSpec[] WallPaintPacks = [new("Bucket 1 l", 1), new("Bucket 2.5 l", 2.5m), new("Bucket 5 l", 5), new("Bucket 12.5 l", 12.5m)];
    private static readonly PackSpec[] VarnishPacks = [new("Can 0.375 l", 0.375m), new("Can 0.75 l", 0.75m), new("Can 2.5 l", 2.5m)];
    private static readonly PackSpec[] PrimerPacks = [new("Canister 1 l", 1), new("Canister 5 l", 5), new("Canister 10 l", 10)];
    private static readonly PackSpec[] ToolPacks = [new("Single", 1), new("Pack of 10", 10), new("Carton of 50", 50)];
    private static readonly PackSpec[] TapePacks = [new("Single roll", 1), new("Pack of 6 rolls", 6), new("Carton of 36 rolls", 36)];
    private static readonly PackSpec[] FillerPacks = [new("Bag 1 kg", 1), new("Bag 5 kg", 5), new("Sack 25 kg", 25)];
    private static readonly PackSpec[] CartridgePacks = [new("Cartridge", 1), new("Box of 12", 12), new("Box of 24", 24)];
    private static readonly PackSpec[] SheetPacks = [new("Pack of 10 sheets", 10), new("Pack of 50 sheets", 50), new("Carton of 250 sheets", 250)];
    private static readonly PackSpec[] GlovePacks = [new("Box of 20", 20), new("Box of 100", 100), new("Carton of 1000", 1000)];
    private static readonly PackSpec[] CleanerPacks = [new("Bottle 0.5 l", 0.5m), new("Canister 1 l", 1), new("Canister 5 l", 5)];

    private static readonly ProductSpec[] ProductSpecs =
    [
        new("wall-paints", "Interior wall paint, white matt", "Highly opaque emulsion paint for walls and ceilings, low-emission, wet abrasion class 2.", "l", 4.20m, WallPaintPacks, "Farbwerk Südhang"),
        new("wall-paints", "Interior wall paint, white silk", "Silk-finish emulsion for hallways and stairwells, washable, wet abrasion class 1.", "l", 5.10m, WallPaintPacks, "Farbwerk Südhang"),
        new("wall-paints", "Facade paint, white", "Weather-resistant silicone resin facade paint with film protection against algae and fungi.", "l", 7.80m, WallPaintPacks, "Fassadentechnik Weiß"),
        new("wall-paints", "Kitchen and bath paint", "Mould-resistant emulsion for damp rooms, wipeable.", "l", 6.40m, WallPaintPacks, "Farbwerk Südhang"),
        new("wall-paints", "Tinted wall paint, sand", "Ready-tinted emulsion in a warm sand tone, matt.", "l", 6.90m, WallPaintPacks, "Farbwerk Südhang"),
        new("wall-paints", "Tinted wall paint, stone grey", "Ready-tinted emulsion in a cool stone grey, matt.", "l", 6.90m, WallPaintPacks, "Farbwerk Südhang"),
        new("wall-paints", "Ceiling paint, anti-drip", "Thixotropic ceiling paint that does not drip, ideal for overhead work.", "l", 4.90m, WallPaintPacks, "Farbwerk Südhang"),
        new("varnishes", "Wood varnish, clear gloss", "Hard-wearing polyurethane varnish for furniture, doors and floors.", "l", 21.00m, VarnishPacks, "Lackfabrik Müller"),
        new("varnishes", "Wood varnish, clear satin", "Satin polyurethane varnish, low odour, water-based.", "l", 21.00m, VarnishPacks, "Lackfabrik Müller"),
        new("varnishes", "Metal lacquer, deep black", "Direct-to-metal gloss lacquer with rust protection.", "l", 24.50m, VarnishPacks, "Lackfabrik Müller"),
        new("varnishes", "Metal lacquer, pure white", "Direct-to-metal gloss lacquer with rust protection, RAL 9010.", "l", 24.50m, VarnishPacks, "Lackfabrik Müller"),
        new("varnishes", "Radiator paint, white", "Heat-resistant up to 180 °C, does not yellow.", "l", 22.00m, VarnishPacks, "Lackfabrik Müller"),
        new("varnishes", "Floor coating, silver grey", "Two-coat floor paint for garages and cellars, resistant to tyres.", "l", 18.50m, VarnishPacks, "Bodenschutz Köhler"),
        new("varnishes", "Wood stain, oak", "Open-pored glaze for interior and exterior wood.", "l", 19.80m, VarnishPacks, "Lackfabrik Müller"),
        new("primers", "Deep primer", "Consolidates chalky and absorbent substrates before painting.", "l", 3.60m, PrimerPacks, "Farbwerk Südhang"),
        new("primers", "Adhesion primer", "For smooth, non-absorbent surfaces such as tiles and old lacquer.", "l", 9.40m, PrimerPacks, "Farbwerk Südhang"),
        new("primers", "Rust protection primer", "Red-brown anti-corrosion primer for iron and steel.", "l", 14.20m, PrimerPacks, "Lackfabrik Müller"),
        new("primers", "Wood primer", "Penetrating primer against blue stain and rot.", "l", 11.60m, PrimerPacks, "Lackfabrik Müller"),
        new("brushes-rollers", "Flat brush 30 mm", "Mixed bristle brush for lacquers and glazes.", "piece", 2.90m, ToolPacks, "Pinselwerk Bechtel"),
        new("brushes-rollers", "Flat brush 50 mm", "Mixed bristle brush for lacquers and glazes.", "piece", 3.80m, ToolPacks, "Pinselwerk Bechtel"),
        new("brushes-rollers", "Round brush 40 mm", "Round brush for edges and structured surfaces.", "piece", 4.40m, ToolPacks, "Pinselwerk Bechtel"),
        new("brushes-rollers", "Paint roller 18 cm", "Microfibre roller for emulsion paints, 12 mm pile, with frame.", "piece", 6.20m, ToolPacks, "Pinselwerk Bechtel"),
        new("brushes-rollers", "Paint roller 25 cm", "Microfibre roller for large walls, 18 mm pile, with frame.", "piece", 7.90m, ToolPacks, "Pinselwerk Bechtel"),
        new("brushes-rollers", "Radiator brush", "Angled long-handle brush for behind radiators.", "piece", 3.20m, ToolPacks, "Pinselwerk Bechtel"),
        new("brushes-rollers", "Paint tray 25 cm", "Sturdy plastic paint tray with grid.", "piece", 2.40m, ToolPacks),
        new("tape-masking", "Masking tape 30 mm", "Painter's crepe tape, 50 m, removes cleanly for 14 days.", "roll", 2.10m, TapePacks, "Klebetechnik Jäger"),
        new("tape-masking", "Masking tape 50 mm", "Painter's crepe tape, 50 m, removes cleanly for 14 days.", "roll", 3.30m, TapePacks, "Klebetechnik Jäger"),
        new("tape-masking", "Precision tape for sharp edges", "Thin washi tape for crisp colour edges, 25 mm × 50 m.", "roll", 5.60m, TapePacks, "Klebetechnik Jäger"),
        new("tape-masking", "Covering film 4 × 5 m", "Thin PE covering film for furniture and floors.", "piece", 1.30m, ToolPacks),
        new("tape-masking", "Covering fleece 1 × 25 m", "Absorbent, slip-resistant fleece for floors.", "roll", 24.00m, [new("Single roll", 1), new("Pack of 4 rolls", 4)], "Klebetechnik Jäger"),
        new("fillers", "Interior filler, powder", "Gypsum filler for holes and cracks, sandable.", "kg", 2.30m, FillerPacks, "Baustoffe Brückner"),
        new("fillers", "Ready-mixed filler", "Ready-to-use lightweight filler, shrinks little.", "kg", 4.80m, [new("Tub 0.5 kg", 0.5m), new("Tub 3 kg", 3), new("Tub 15 kg", 15)], "Baustoffe Brückner"),
        new("fillers", "Joint filler", "Filler for plasterboard joints, with or without tape.", "kg", 1.90m, FillerPacks, "Baustoffe Brückner"),
        new("fillers", "Acrylic sealant, white", "Paintable acrylic for cracks and joints, 310 ml.", "piece", 2.60m, CartridgePacks, "Dichtstoffe Öztürk"),
        new("fillers", "Sanitary silicone, transparent", "Mould-resistant silicone for bath and kitchen, 310 ml.", "piece", 5.40m, CartridgePacks, "Dichtstoffe Öztürk"),
        new("tools", "Filling knife set", "Three stainless filling knives, 40/60/80 mm.", "piece", 8.90m, ToolPacks),
        new("tools", "Cutter knife 18 mm", "Cutter with snap-off blade and metal guide.", "piece", 3.50m, ToolPacks),
        new("tools", "Snap-off blades 18 mm", "Replacement blades for 18 mm cutters.", "piece", 0.32m, [new("Box of 10", 10), new("Box of 100", 100)]),
        new("tools", "Sanding paper, grit 120", "Sheets 230 × 280 mm for wood and filler.", "sheet", 0.55m, SheetPacks, "Schleifmittel Grün"),
        new("tools", "Sanding paper, grit 80", "Sheets 230 × 280 mm for coarse work.", "sheet", 0.58m, SheetPacks, "Schleifmittel Grün"),
        new("tools", "Hand sanding block", "Cork block for even sanding by hand.", "piece", 3.10m, ToolPacks, "Schleifmittel Grün"),
        new("protective", "Nitrile gloves, size M", "Disposable gloves, powder-free, solvent-resistant.", "piece", 0.11m, GlovePacks),
        new("protective", "Nitrile gloves, size L", "Disposable gloves, powder-free, solvent-resistant.", "piece", 0.11m, GlovePacks),
        new("protective", "FFP2 dust mask", "Particle mask with valve for sanding work.", "piece", 1.40m, [new("Pack of 5", 5), new("Box of 20", 20), new("Carton of 200", 200)]),
        new("protective", "Protective overall", "Disposable overall with hood, breathable.", "piece", 4.60m, [new("Single", 1), new("Pack of 10", 10)]),
        new("protective", "Safety glasses", "Clear polycarbonate glasses with side protection.", "piece", 3.90m, ToolPacks),
        new("cleaning", "Brush cleaner", "Cleans brushes and rollers from oil and synthetic paints.", "l", 8.80m, CleanerPacks, "Reinigungschemie Roß"),
        new("cleaning", "Cleaning cloths", "Lint-free cloths, 38 × 40 cm.", "piece", 0.09m, [new("Pack of 50", 50), new("Carton of 500", 500)]),
        new("cleaning", "Silicone remover", "Dissolves old silicone residues.", "l", 28.00m, [new("Tube 0.1 l", 0.1m), new("Bottle 0.5 l", 0.5m)], "Reinigungschemie Roß"),
    ];

    /// The modular offers: delivery per segment (small customers get small-quantity logistics, key accounts pallet
    /// freight), express, pickup, the partner drop-ship, and a starter bundle for small painting jobs.
    private static IEnumerable<ServiceModule> DemoModules(IReadOnlyList<Product> products)
    {
        foreach (var module in DemoModulesInEnglish(products))
        {
            module.NameDe = DemoContentGerman.Of(module.Name);
            module.DescriptionDe = DemoContentGerman.Of(module.Description);
            yield return module;
        }
    }

    private static IEnumerable<ServiceModule> DemoModulesInEnglish(IReadOnlyList<Product> products)
    {
        static List<ServiceModulePrice> Prices(decimal? a, decimal? b, decimal? c) =>
            new[] { (Segment.A, a), (Segment.B, b), (Segment.C, c) }
                .Where(p => p.Item2 is not null)
                .Select(p => new ServiceModulePrice { Segment = p.Item1, NetPrice = p.Item2!.Value })
                .ToList();

        PackSize Pack(string product, int index) => products.Single(p => p.Name == product).PackSizes[index];

        yield return new ServiceModule { Code = "PARCEL", Kind = ModuleKind.Delivery, Name = "Parcel delivery", Description = "Delivered by parcel service in 1–2 working days.", SortOrder = 1, Prices = Prices(6.90m, 6.90m, 6.90m) };
        yield return new ServiceModule { Code = "SMALLQTY", Kind = ModuleKind.SmallQuantity, Name = "Small-quantity logistics", Description = "Consolidated small shipment, 2–3 working days, cheaper for a few packs.", SortOrder = 2, Prices = Prices(null, null, 3.90m) };
        yield return new ServiceModule { Code = "EXPRESS", Kind = ModuleKind.Express, Name = "Express delivery", Description = "Delivered the next working day by 12 noon when ordered by 3 p.m.", SortOrder = 3, Prices = Prices(12.90m, 14.90m, 16.90m) };
        yield return new ServiceModule { Code = "PICKUP", Kind = ModuleKind.Pickup, Name = "Pickup at the branch", Description = "Ready for pickup in Freiburg the next working day from 7 a.m.", SortOrder = 4, Prices = Prices(0m, 0m, 0m) };
        yield return new ServiceModule { Code = "FREIGHT", Kind = ModuleKind.Delivery, Name = "Pallet freight", Description = "Pallet delivery with tail lift, 2–4 working days.", SortOrder = 5, Prices = Prices(45m, 45m, null) };
        yield return new ServiceModule { Code = "DROPSHIP", Kind = ModuleKind.DropShip, Name = "Partner drop-ship", Description = "Some items come directly from our cooperation partner, in a separate parcel.", SortOrder = 6, Prices = Prices(0m, 2.90m, 4.90m) };
        yield return new ServiceModule
        {
            Code = "SET-WALL",
            Kind = ModuleKind.Bundle,
            Name = "Starter set wall painting",
            Description = "Everything for one room: paint, roller, tray, masking tape and covering film.",
            SortOrder = 10,
            Prices = Prices(null, 36.90m, 34.90m),
            BundleItems =
            [
                new BundleItem { PackSize = Pack("Interior wall paint, white matt", 1), Quantity = 1 },
                new BundleItem { PackSize = Pack("Paint roller 18 cm", 0), Quantity = 1 },
                new BundleItem { PackSize = Pack("Paint tray 25 cm", 0), Quantity = 1 },
                new BundleItem { PackSize = Pack("Masking tape 30 mm", 0), Quantity = 2 },
                new BundleItem { PackSize = Pack("Covering film 4 × 5 m", 0), Quantity = 1 },
            ],
        };
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var offer = await SeedOfferAsync(cancellationToken);
        var people = await SeedPeopleAsync(now, cancellationToken);
        var history = new DemoHistory(offer, people, now);
        var sequence = 0;
        foreach (var order in history.Orders.OrderBy(o => o.PlacedAt))
        {
            order.Number = $"{order.PlacedAt:yyyy}-{++sequence:D6}";
        }

        await DemoBulk.InsertOrdersAsync(db, history.Orders, cancellationToken);
        (await db.NumberSequences.SingleAsync(n => n.Name == NumberSequences.Orders, cancellationToken)).Next = sequence + 1;
        await db.SaveChangesAsync(cancellationToken);
        await db.InsertAsync(history.Contacts(), cancellationToken);
        db.Escalations.AddRange(history.SettledEscalations(intake.Options));
        await SeedEscalationsAsync(people.Customers, history.Orders, offer.Products, now, cancellationToken);
        await DemoErp.SeedAsync(db, now, cancellationToken);
        await DemoCareCampaigns.SeedAsync(db, now, cancellationToken);
        // The demo's thousands of rows are written once; tracking them any longer only slows the segmentation after it.
        db.ChangeTracker.Clear();
        await purchasing.SeedAsync(people.Kunz.Id, people.Buyer.Id, people.Staff.Id, cancellationToken);
        logger.LogInformation("Seeded the demo: {Products} products, {Customers} customers, {Orders} orders", offer.Products.Count, people.Customers.Count, history.Orders.Count);
    }

    /// What the demo sells and how: products and pack sizes, the two catalogs, a price list per segment with tiers,
    /// the order rules, the service modules and a drop-ship partner.
    private async Task<DemoOffer> SeedOfferAsync(CancellationToken cancellationToken)
    {
        var categories = CategorySpecs.Select((c, i) => new Category { Slug = c.Slug, Name = c.Name, NameDe = DemoContentGerman.Of(c.Name), SortOrder = i }).ToList();
        db.Categories.AddRange(categories);

        var products = new List<Product>();
        var basePrices = new Dictionary<PackSize, decimal>();
        var skuNumber = 100;
        foreach (var spec in ProductSpecs)
        {
            var product = new Product
            {
                Name = spec.Name,
                NameDe = DemoContentGerman.Of(spec.Name),
                Description = spec.Description,
                DescriptionDe = DemoContentGerman.Of(spec.Description),
                BaseUnit = spec.BaseUnit,
                TaxRate = spec.TaxRate,
                Manufacturer = spec.Manufacturer,
                Category = categories.Single(c => c.Slug == spec.Category),
            };
            skuNumber += 10;
            for (var i = 0; i < spec.Packs.Length; i++)
            {
                var pack = spec.Packs[i];
                var packSize = new PackSize
                {
                    Sku = $"P{skuNumber}-{i + 1}",
                    Name = pack.Name,
                    NameDe = DemoContentGerman.Of(pack.Name),
                    UnitsPerPack = pack.Units,
                    // The smallest pack of a product is the small-customer pack.
                    IsSmallPack = i == 0 && spec.Packs.Length > 1,
                    LeadTimeDays = i == spec.Packs.Length - 1 ? 5 : 1,
                    Gtin = ProductManagement.Gtin.WithCheckDigit($"4006{skuNumber:D5}{i:D3}"),
                };
                // Larger packs are cheaper per base unit: 8 % less per step.
                var price = Money.Round(spec.PricePerUnit * pack.Units * (1 - (0.08m * i)));
                packSize.CostPrice = Money.Round(price * 0.62m);
                basePrices[packSize] = Math.Max(price, 0.50m);
                product.PackSizes.Add(packSize);
            }

            product.SearchText = SearchText.ForProduct(product);
            products.Add(product);
        }

        db.Products.AddRange(products);

        // Key accounts and mid-sized customers see everything; small customers see a catalog without the bulk
        // packs and without the specialist coatings, made for how they buy.
        var full = new Catalog { Code = "FULL", Name = "Full range", Description = "Every product and pack size." };
        var small = new Catalog { Code = "SMALL", Name = "Small-customer catalog", Description = "The everyday range in small and medium pack sizes." };
        db.Catalogs.AddRange(full, small);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var product in products)
        {
            db.CatalogItems.Add(new CatalogItem { CatalogId = full.Id, ProductId = product.Id });
            if (product.Name.StartsWith("Floor coating", StringComparison.Ordinal) || product.Name.StartsWith("Facade", StringComparison.Ordinal))
            {
                continue;
            }

            var packs = product.PackSizes.Count > 2 ? product.PackSizes.Take(product.PackSizes.Count - 1) : product.PackSizes;
            foreach (var pack in packs)
            {
                db.CatalogItems.Add(new CatalogItem { CatalogId = small.Id, ProductId = product.Id, PackSizeId = pack.Id });
            }
        }

        db.CatalogAssignments.AddRange(
            new CatalogAssignment { CatalogId = full.Id, Segment = Segment.A },
            new CatalogAssignment { CatalogId = full.Id, Segment = Segment.B },
            new CatalogAssignment { CatalogId = small.Id, Segment = Segment.C });

        var priceLists = new Dictionary<Segment, PriceList>
        {
            [Segment.A] = new() { Code = "KEY", Name = "Key-account prices", Segment = Segment.A },
            [Segment.B] = new() { Code = "STANDARD", Name = "Standard prices", Segment = Segment.B },
            [Segment.C] = new() { Code = "SMALL", Name = "Small-customer prices", Segment = Segment.C },
        };
        var factors = new Dictionary<Segment, decimal> { [Segment.A] = 0.90m, [Segment.B] = 1.00m, [Segment.C] = 1.15m };
        foreach (var (segment, list) in priceLists)
        {
            foreach (var (pack, basePrice) in basePrices)
            {
                var price = Money.Round(basePrice * factors[segment]);
                list.Entries.Add(new PriceListEntry { PackSizeId = pack.Id, MinQuantity = 1, UnitPrice = price });
                list.Entries.Add(new PriceListEntry { PackSizeId = pack.Id, MinQuantity = 10, UnitPrice = Money.Round(price * 0.95m) });
                list.Entries.Add(new PriceListEntry { PackSizeId = pack.Id, MinQuantity = 50, UnitPrice = Money.Round(price * 0.90m) });
            }
        }

        db.PriceLists.AddRange(priceLists.Values);

        // Small orders cost the same to pick and ship as big ones: small customers have a minimum and a surcharge;
        // a big enough order ships free.
        db.SegmentRules.AddRange(
            new SegmentRule { Segment = Segment.A },
            new SegmentRule { Segment = Segment.B, SmallOrderThreshold = 150m, SmallOrderSurcharge = 9.90m, FreeDeliveryThreshold = 200m },
            new SegmentRule { Segment = Segment.C, MinimumOrderValue = 25m, SmallOrderThreshold = 100m, SmallOrderSurcharge = 7.50m, FreeDeliveryThreshold = 250m });
        db.ServiceModules.AddRange(DemoModules(products));
        var partner = new Partner { Name = "Klebetechnik Jäger", Email = "versand@jaeger-klebetechnik.example" };
        db.Partners.Add(partner);
        db.PartnerProducts.Add(new PartnerProduct { Product = products.Single(p => p.Name.StartsWith("Covering fleece", StringComparison.Ordinal)), Partner = partner, LeadTimeDays = 4 });

        var visibleBySegment = new Dictionary<Segment, List<PackSize>>
        {
            [Segment.A] = basePrices.Keys.ToList(),
            [Segment.B] = basePrices.Keys.ToList(),
            [Segment.C] = basePrices.Keys.Where(p => db.CatalogItems.Local.Any(i => i.CatalogId == small.Id && i.PackSizeId == p.Id)).ToList(),
        };
        var priceOf = priceLists.ToDictionary(l => l.Key, l => l.Value.Entries.Where(e => e.MinQuantity == 1).ToDictionary(e => e.PackSizeId, e => e.UnitPrice));
        var productOf = products.SelectMany(p => p.PackSizes.Select(s => (s, p))).ToDictionary(x => x.s, x => x.p);

        return new DemoOffer(products, visibleBySegment, priceOf, productOf);
    }

    /// Staff, the customer companies with their addresses, and the demo buyers.
    private async Task<DemoPeople> SeedPeopleAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var staff = await CreateUserAsync("sales@portal.example", "Sabine Vogel", Roles.InsideSales, null, "de");
        await CreateUserAsync("pm@portal.example", "Paul Mertens", Roles.ProductManager, null, "de");
        // The demo admin reads the monthly management summary, so a fresh start shows one in the mail pickup folder.
        await CreateUserAsync("admin@portal.example", "Anna Schröder", Roles.Admin, null, "en", monthlySummary: true);

        var specs = DemoCustomers.Named.Concat(DemoCustomers.Generate(Math.Max(0, options.Value.DemoCustomers - DemoCustomers.Named.Length))).ToList();
        var customers = new List<Customer>();
        foreach (var spec in specs)
        {
            var customer = new Customer
            {
                Number = spec.Number,
                Name = spec.Name,
                Segment = spec.Segment,
                CreditLimit = spec.CreditLimit,
                VatId = $"DE{long.Parse(spec.Number) * 7919 % 1_000_000_000:D9}",
                Language = spec.Language,
                Potential = spec.Potential,
                AssignedRepId = staff.Id,
                CreatedAt = spec.JoinedMonthsAgo is { } joined ? now.AddMonths(-joined) : now.AddYears(-3),
                Addresses =
                [
                    new() { Kind = AddressKind.Billing, Name = spec.Name, Street = spec.Street, PostalCode = spec.PostalCode, City = spec.City, IsDefault = true },
                    new() { Kind = AddressKind.Delivery, Name = spec.Name, Street = spec.Street, PostalCode = spec.PostalCode, City = spec.City, IsDefault = true },
                ],
            };
            customers.Add(customer);
        }

        customers[0].Addresses.Add(new() { Kind = AddressKind.Delivery, Name = "Malerbetrieb Kunz – Baustelle Wiehre", Street = "Günterstalstraße 45", PostalCode = "79100", City = "Freiburg im Breisgau" });
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync(cancellationToken);

        var kunz = customers[0];
        var buyer = await CreateUserAsync("buyer@kunz.example", "Klaus Kunz", Roles.Customer, kunz.Id, "en");
        await CreateUserAsync("admin@kunz.example", "Karin Kunz", Roles.CustomerAdmin, kunz.Id, "de");
        var albrechtBuyer = await CreateUserAsync("buyer@albrecht.example", "Alexander Albrecht", Roles.Customer, customers[1].Id, "de");

        return new DemoPeople(staff, customers, specs, kunz, buyer, albrechtBuyer);
    }

    internal sealed record DemoOffer(List<Product> Products, Dictionary<Segment, List<PackSize>> VisibleBySegment, Dictionary<Segment, Dictionary<int, decimal>> PriceOf, Dictionary<PackSize, Product> ProductOf);

    internal sealed record DemoPeople(PortalUser Staff, List<Customer> Customers, List<DemoCustomer> Specs, Customer Kunz, PortalUser Buyer, PortalUser AlbrechtBuyer);

    /// What inside sales finds on a Monday morning: what self-service could not settle, one of them overdue.
    private async Task SeedEscalationsAsync(List<Customer> customers, List<Order> orders, List<Product> products, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Order Latest(Customer customer) => orders.Where(o => o.CustomerId == customer.Id).MaxBy(o => o.PlacedAt)!;
        var (berger, yilmaz, sommer, wagner) = (customers[2], customers[3], customers[4], customers[6]);

        var overLimit = Latest(sommer);
        overLimit.Status = OrderStatus.AwaitingReview;
        var receivables = sommer.CreditLimit + Money.Round(overLimit.TotalGross / 2);
        intake.Add(EscalationType.CreditLimit, sommer.Id, EscalationReasons.CreditLimit.Format(
            overLimit.Number, EscalationReasons.Amount(overLimit.TotalGross), EscalationReasons.Amount(receivables), EscalationReasons.Amount(sommer.CreditLimit)), overLimit);

        var commented = Latest(wagner);
        commented.Comment = "Bitte erst ab 10 Uhr liefern, der Hof ist morgens zugeparkt.";
        intake.Add(EscalationType.OrderComment, wagner.Id, EscalationReasons.OrderComment.Format(commented.Number, commented.Comment), commented);

        var facadePaint = products.Single(p => p.Name == "Facade paint, white");
        intake.Add(EscalationType.CallbackRequest, berger.Id, EscalationReasons.CallbackAboutProductWithQuestion.Format(
            "Raumausstatter Berger KG (0721 556 210)", facadePaint.Name, "Gibt es die Fassadenfarbe auch in 15 l?"), productId: facadePaint.Id);

        var wish = intake.Add(EscalationType.NotInCatalog, yilmaz.Id, EscalationReasons.NotInCatalogAfterSearch.Format(
            "Fugenmörtel grau (pack: Sack 5 kg, qty: 3)", "Fugenmörtel", "Hausmeisterservice Yılmaz"));
        wish.CreatedAt = now.AddDays(-3);
        wish.DueAt = wish.CreatedAt + intake.Options.SlaFor(EscalationType.NotInCatalog);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<PortalUser> CreateUserAsync(string email, string name, string role, int? customerId, string language, bool monthlySummary = false)
    {
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            CustomerId = customerId,
            Language = language,
            CreatedAt = time.GetUtcNow(),
            MonthlySummaryEnabled = monthlySummary,
        };
        // Every demo account has the same password: hashed once (PBKDF2 costs a noticeable moment per hash).
        user.PasswordHash = passwordHash ??= users.PasswordHasher.HashPassword(user, Password);
        var result = await users.CreateAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, role);
        return user;
    }
}
