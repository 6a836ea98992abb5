using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScaledPricesStored : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "UnitPriceScaled",
                table: "OrderLines",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "CAST(ROUND(CAST(\"UnitPrice\" AS REAL) * 10000) AS INTEGER)",
                stored: true,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldComputedColumnSql: "CAST(ROUND(CAST(\"UnitPrice\" AS REAL) * 10000) AS INTEGER)",
                oldStored: false);

            migrationBuilder.AlterColumn<long>(
                name: "CostPriceScaled",
                table: "OrderLines",
                type: "INTEGER",
                nullable: true,
                computedColumnSql: "CAST(ROUND(CAST(\"CostPrice\" AS REAL) * 10000) AS INTEGER)",
                stored: true,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true,
                oldComputedColumnSql: "CAST(ROUND(CAST(\"CostPrice\" AS REAL) * 10000) AS INTEGER)",
                oldStored: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "UnitPriceScaled",
                table: "OrderLines",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "CAST(ROUND(CAST(\"UnitPrice\" AS REAL) * 10000) AS INTEGER)",
                stored: false,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldComputedColumnSql: "CAST(ROUND(CAST(\"UnitPrice\" AS REAL) * 10000) AS INTEGER)",
                oldStored: true);

            migrationBuilder.AlterColumn<long>(
                name: "CostPriceScaled",
                table: "OrderLines",
                type: "INTEGER",
                nullable: true,
                computedColumnSql: "CAST(ROUND(CAST(\"CostPrice\" AS REAL) * 10000) AS INTEGER)",
                stored: false,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true,
                oldComputedColumnSql: "CAST(ROUND(CAST(\"CostPrice\" AS REAL) * 10000) AS INTEGER)",
                oldStored: true);
        }
    }
}
