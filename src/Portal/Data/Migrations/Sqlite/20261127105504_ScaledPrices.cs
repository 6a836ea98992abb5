using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScaledPrices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CostPriceScaled",
                table: "OrderLines",
                type: "INTEGER",
                nullable: true,
                computedColumnSql: "CAST(ROUND(CAST(\"CostPrice\" AS REAL) * 10000) AS INTEGER)",
                stored: false);

            migrationBuilder.AddColumn<long>(
                name: "UnitPriceScaled",
                table: "OrderLines",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "CAST(ROUND(CAST(\"UnitPrice\" AS REAL) * 10000) AS INTEGER)",
                stored: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CostPriceScaled",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "UnitPriceScaled",
                table: "OrderLines");
        }
    }
}
