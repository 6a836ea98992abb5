namespace Portal.Catalogs;

public class Category
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? NameDe { get; set; }

    public string LocalName => ContentLanguage.Pick(Name, NameDe);
    public required string Slug { get; set; }
    public int SortOrder { get; set; }
}

/// A product as the customer thinks of it ("Wall paint, white"). It is ordered in one of its pack sizes.
public class Product
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public string? NameDe { get; set; }
    public string? DescriptionDe { get; set; }

    public string LocalName => ContentLanguage.Pick(Name, NameDe);
    public string LocalDescription => ContentLanguage.Pick(Description, DescriptionDe);

    /// Search text: names, descriptions (both languages) and SKUs folded to lower case without diacritics (see SearchText).
    public string SearchText { get; set; } = "";

    public int CategoryId { get; set; }
    public Category? Category { get; set; }

    /// The unit the price per base unit refers to: "piece", "l", "kg", "m".
    public required string BaseUnit { get; set; }

    /// VAT rate as a fraction (0.19, 0.07).
    public decimal TaxRate { get; set; } = 0.19m;

    public string? Manufacturer { get; set; }
    public bool IsActive { get; set; } = true;

    /// The uploaded picture's file name under the data folder (see ProductImages); null without one.
    public string? ImageFile { get; set; }

    public List<PackSize> PackSizes { get; set; } = [];
}

/// One way to buy a product: its own SKU and how many base units a pack holds.
public class PackSize
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public Product? Product { get; set; }

    public required string Sku { get; set; }

    /// Shown to the buyer: "Can 2.5 l", "Box of 100".
    public required string Name { get; set; }
    public string? NameDe { get; set; }

    public string LocalName => ContentLanguage.Pick(Name, NameDe);
    public decimal UnitsPerPack { get; set; } = 1;
    public bool IsSmallPack { get; set; }
    public string? Gtin { get; set; }
    public decimal? WeightKg { get; set; }
    public decimal? CostPrice { get; set; }
    public int LeadTimeDays { get; set; } = 1;
    public bool IsActive { get; set; } = true;
}

/// A selection of products (or single pack sizes) made for a group of customers.
public class Catalog
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public List<CatalogItem> Items { get; set; } = [];
    public List<CatalogAssignment> Assignments { get; set; } = [];
}

/// A product in a catalog: with all its pack sizes (PackSizeId null) or with one pack size.
public class CatalogItem
{
    public int Id { get; set; }
    public int CatalogId { get; set; }
    public int ProductId { get; set; }
    public int? PackSizeId { get; set; }
}

/// Who sees a catalog: every customer of a segment, or one named customer.
public class CatalogAssignment
{
    public int Id { get; set; }
    public int CatalogId { get; set; }
    public Customers.Segment? Segment { get; set; }
    public int? CustomerId { get; set; }
}
