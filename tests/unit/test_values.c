/*
 * test_values.c - the tools' value text syntax (tools/common/values.c):
 * parsing of TYPE:VALUE arguments and the bit-exact float printing that
 * fayasm_run uses. Expected bit patterns come from IEEE 754 by hand.
 * Includes the tool source directly (it is not part of libfayasm).
 */
#include "../../tools/common/values.c"

#include "harness.h"

static uint32_t p32(const char *s)
{
    uint32_t b = 0xDEADBEEFu;
    if (fa_tool_parse_f32(s, &b) != 0)
        return 0xDEADBEEFu;
    return b;
}

static uint64_t p64(const char *s)
{
    uint64_t b = 0xDEADBEEFu;
    if (fa_tool_parse_f64(s, &b) != 0)
        return 0xDEADBEEFu;
    return b;
}

static int int_ok(const char *s, unsigned bits, uint64_t want)
{
    uint64_t v = 0;
    return fa_tool_parse_int(s, bits, &v) == 0 && v == want;
}

static int int_bad(const char *s, unsigned bits)
{
    uint64_t v = 0;
    return fa_tool_parse_int(s, bits, &v) != 0;
}

static void t_ints(void)
{
    CHECK(int_ok("7", 32, 7));
    CHECK(int_ok("+7", 32, 7));
    CHECK(int_ok("-3", 32, 0xFFFFFFFDu));
    CHECK(int_ok("0", 32, 0));
    CHECK(int_ok("-0", 32, 0));
    CHECK(int_ok("0xffffffff", 32, 0xFFFFFFFFu));
    CHECK(int_ok("0XFF", 32, 0xFF));
    CHECK(int_ok("4294967295", 32, 0xFFFFFFFFu));
    CHECK(int_ok("2147483647", 32, 0x7FFFFFFFu));
    CHECK(int_ok("-2147483648", 32, 0x80000000u));
    CHECK(int_ok("-0x80000000", 32, 0x80000000u));
    CHECK(int_bad("4294967296", 32));
    CHECK(int_bad("-2147483649", 32));
    CHECK(int_bad("0x100000000", 32));
    CHECK(int_bad("", 32));
    CHECK(int_bad("-", 32));
    CHECK(int_bad("0x", 32));
    CHECK(int_bad("1a", 32));
    CHECK(int_bad(" 1", 32));
    CHECK(int_bad("1 ", 32));
    CHECK(int_bad("--1", 32));
    CHECK(int_bad("1.0", 32));
    CHECK(int_ok("-9223372036854775808", 64, 0x8000000000000000u));
    CHECK(int_ok("18446744073709551615", 64, 0xFFFFFFFFFFFFFFFFu));
    CHECK(int_ok("-1", 64, 0xFFFFFFFFFFFFFFFFu));
    CHECK(int_ok("0x7fffffffffffffff", 64, 0x7FFFFFFFFFFFFFFFu));
    CHECK(int_bad("18446744073709551616", 64));
    CHECK(int_bad("-9223372036854775809", 64));
    CHECK(int_bad("99999999999999999999999", 64));
    CHECK(int_ok("255", 8, 0xFF));
    CHECK(int_ok("-128", 8, 0x80));
    CHECK(int_bad("256", 8));
    CHECK(int_ok("-32768", 16, 0x8000));
}

static void t_parse_f32(void)
{
    CHECK_EQ_INT(p32("1.5"), 0x3FC00000u);
    CHECK_EQ_INT(p32("-1.5"), 0xBFC00000u);
    CHECK_EQ_INT(p32("0"), 0);
    CHECK_EQ_INT(p32("-0"), 0x80000000u);
    CHECK_EQ_INT(p32("-0.0"), 0x80000000u);
    CHECK_EQ_INT(p32(".5"), 0x3F000000u);
    CHECK_EQ_INT(p32("0x1p-149"), 0x00000001u);
    CHECK_EQ_INT(p32("0x1p-3"), 0x3E000000u);
    CHECK_EQ_INT(p32("0x1.fffffep127"), 0x7F7FFFFFu);
    CHECK_EQ_INT(p32("1e-45"), 0x00000001u);
    CHECK_EQ_INT(p32("16777217"), 0x4B800000u); /* tie -> even */
    /* 1 + 2^-24 + tiny: correct rounding gives 1 + 2^-23; via double it would tie to 1 */
    CHECK_EQ_INT(p32("1.000000059604644775390625000000001"), 0x3F800001u);
    CHECK_EQ_INT(p32("0.1"), 0x3DCCCCCDu);
    CHECK_EQ_INT(p32("inf"), 0x7F800000u);
    CHECK_EQ_INT(p32("+inf"), 0x7F800000u);
    CHECK_EQ_INT(p32("-inf"), 0xFF800000u);
    CHECK_EQ_INT(p32("infinity"), 0x7F800000u);
    CHECK_EQ_INT(p32("nan"), 0x7FC00000u);
    CHECK_EQ_INT(p32("-nan"), 0xFFC00000u);
    CHECK_EQ_INT(p32("nan:0x200000"), 0x7FA00000u);
    CHECK_EQ_INT(p32("-nan:0x1"), 0xFF800001u);
    CHECK_EQ_INT(p32("nan:0x7fffff"), 0x7FFFFFFFu);
    CHECK_EQ_INT(p32("nan:0x400000"), 0x7FC00000u);
    CHECK_EQ_INT(p32("nan:0x0"), 0xDEADBEEFu);
    CHECK_EQ_INT(p32("nan:0x800000"), 0xDEADBEEFu);
    CHECK_EQ_INT(p32("nan:123"), 0xDEADBEEFu);
    CHECK_EQ_INT(p32("nan:"), 0xDEADBEEFu);
    CHECK_EQ_INT(p32("nan(1)"), 0xDEADBEEFu);
    CHECK_EQ_INT(p32("1e39"), 0xDEADBEEFu); /* overflow */
    CHECK_EQ_INT(p32("-1e39"), 0xDEADBEEFu);
    CHECK_EQ_INT(p32(""), 0xDEADBEEFu);
    CHECK_EQ_INT(p32(" 1"), 0xDEADBEEFu);
    CHECK_EQ_INT(p32("1 "), 0xDEADBEEFu);
    CHECK_EQ_INT(p32("1e"), 0xDEADBEEFu);
    CHECK_EQ_INT(p32("0x"), 0xDEADBEEFu);
    CHECK_EQ_INT(p32("abc"), 0xDEADBEEFu);
    CHECK_EQ_INT(p32("--1"), 0xDEADBEEFu);
}

static void t_parse_f64(void)
{
    CHECK(p64("0x1p-3") == 0x3FC0000000000000u);
    CHECK(p64("1.5") == 0x3FF8000000000000u);
    CHECK(p64("-0") == 0x8000000000000000u);
    CHECK(p64("0.1") == 0x3FB999999999999Au);
    CHECK(p64("4.9e-324") == 1);
    CHECK(p64("0x1p-1074") == 1);
    CHECK(p64("1.7976931348623157e308") == 0x7FEFFFFFFFFFFFFFu);
    CHECK(p64("inf") == 0x7FF0000000000000u);
    CHECK(p64("-inf") == 0xFFF0000000000000u);
    CHECK(p64("nan") == 0x7FF8000000000000u);
    CHECK(p64("-nan") == 0xFFF8000000000000u);
    CHECK(p64("nan:0x4") == 0x7FF0000000000004u);
    CHECK(p64("nan:0xfffffffffffff") == 0x7FFFFFFFFFFFFFFFu);
    CHECK(p64("nan:0x10000000000000") == 0xDEADBEEFu);
    CHECK(p64("1e309") == 0xDEADBEEFu);
    CHECK(p64("1.5x") == 0xDEADBEEFu);
}

static void t_format_f32(void)
{
    char buf[FA_TOOL_VALUE_MAX];
    CHECK_EQ_STR(fa_tool_format_f32(0x3FC00000u, buf, sizeof buf), "1.5");
    CHECK_EQ_STR(fa_tool_format_f32(0x00000000u, buf, sizeof buf), "0");
    CHECK_EQ_STR(fa_tool_format_f32(0x80000000u, buf, sizeof buf), "-0");
    CHECK_EQ_STR(fa_tool_format_f32(0x00000001u, buf, sizeof buf), "1e-45");
    CHECK_EQ_STR(fa_tool_format_f32(0x3DCCCCCDu, buf, sizeof buf), "0.1");
    CHECK_EQ_STR(fa_tool_format_f32(0x3F800001u, buf, sizeof buf), "1.0000001");
    CHECK_EQ_STR(fa_tool_format_f32(0x7F7FFFFFu, buf, sizeof buf), "3.4028235e+38");
    CHECK_EQ_STR(fa_tool_format_f32(0x4B800000u, buf, sizeof buf), "16777216");
    CHECK_EQ_STR(fa_tool_format_f32(0x42280000u, buf, sizeof buf), "42");
    CHECK_EQ_STR(fa_tool_format_f32(0x7F800000u, buf, sizeof buf), "inf");
    CHECK_EQ_STR(fa_tool_format_f32(0xFF800000u, buf, sizeof buf), "-inf");
    CHECK_EQ_STR(fa_tool_format_f32(0x7FC00000u, buf, sizeof buf), "nan");
    CHECK_EQ_STR(fa_tool_format_f32(0xFFC00000u, buf, sizeof buf), "-nan");
    CHECK_EQ_STR(fa_tool_format_f32(0x7FA00000u, buf, sizeof buf), "nan:0x200000");
    CHECK_EQ_STR(fa_tool_format_f32(0xFF800001u, buf, sizeof buf), "-nan:0x1");
    CHECK_EQ_STR(fa_tool_format_f32(0x7FFFFFFFu, buf, sizeof buf), "nan:0x7fffff");
    /* every printed finite value reads back to the same bits */
    static const uint32_t samples[] = {0x00000001u, 0x007FFFFFu, 0x00800000u, 0x3EAAAAABu,
                                       0x4F000000u, 0xCF000001u, 0x5F7FFFFFu, 0x1234567u};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
        CHECK_EQ_INT(p32(fa_tool_format_f32(samples[i], buf, sizeof buf)), samples[i]);
}

static void t_format_f64(void)
{
    char buf[FA_TOOL_VALUE_MAX];
    CHECK_EQ_STR(fa_tool_format_f64(0x3FC0000000000000u, buf, sizeof buf), "0.125");
    CHECK_EQ_STR(fa_tool_format_f64(0x3FB999999999999Au, buf, sizeof buf), "0.1");
    CHECK_EQ_STR(fa_tool_format_f64(0x3FD5555555555555u, buf, sizeof buf), "0.3333333333333333");
    CHECK_EQ_STR(fa_tool_format_f64(0x0000000000000001u, buf, sizeof buf), "5e-324");
    CHECK_EQ_STR(fa_tool_format_f64(0x8000000000000000u, buf, sizeof buf), "-0");
    CHECK_EQ_STR(fa_tool_format_f64(0x7FEFFFFFFFFFFFFFu, buf, sizeof buf),
                 "1.7976931348623157e+308");
    CHECK_EQ_STR(fa_tool_format_f64(0x7FF0000000000000u, buf, sizeof buf), "inf");
    CHECK_EQ_STR(fa_tool_format_f64(0xFFF8000000000000u, buf, sizeof buf), "-nan");
    CHECK_EQ_STR(fa_tool_format_f64(0x7FF0000000000004u, buf, sizeof buf), "nan:0x4");
    CHECK_EQ_STR(fa_tool_format_f64(0x7FF4000000000000u, buf, sizeof buf), "nan:0x4000000000000");
    static const uint64_t samples[] = {0x0000000000000001u, 0x000FFFFFFFFFFFFFu,
                                       0x3FF0000000000001u, 0xC3E0000000000001u,
                                       0x4415AF1D78B58C40u};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
        CHECK(p64(fa_tool_format_f64(samples[i], buf, sizeof buf)) == samples[i]);
}

static void t_values(void)
{
    fa_value v;
    char err[128], buf[FA_TOOL_VALUE_MAX];
    CHECK(fa_tool_parse_value("i32:7", 0, &v, err, sizeof err) == 0);
    CHECK(v.type == FA_I32 && v.of.i32 == 7);
    CHECK(fa_tool_parse_value("i32:0xffffffff", 0, &v, err, sizeof err) == 0);
    CHECK(v.type == FA_I32 && v.of.i32 == -1);
    CHECK_EQ_STR(fa_tool_format_value(&v, buf, sizeof buf), "-1");
    CHECK(fa_tool_parse_value("i64:-3", 0, &v, err, sizeof err) == 0);
    CHECK(v.type == FA_I64 && v.of.i64 == -3);
    CHECK(fa_tool_parse_value("i64:0x8000000000000000", 0, &v, err, sizeof err) == 0);
    CHECK_EQ_STR(fa_tool_format_value(&v, buf, sizeof buf), "-9223372036854775808");
    CHECK(fa_tool_parse_value("f32:nan:0x200000", 0, &v, err, sizeof err) == 0);
    CHECK(v.type == FA_F32 && v.of.f32_bits == 0x7FA00000u);
    CHECK(fa_tool_parse_value("f64:0x1p-3", 0, &v, err, sizeof err) == 0);
    CHECK(v.type == FA_F64 && v.of.f64_bits == 0x3FC0000000000000u);
    /* untyped with a default type */
    CHECK(fa_tool_parse_value("7", FA_I64, &v, err, sizeof err) == 0);
    CHECK(v.type == FA_I64 && v.of.i64 == 7);
    CHECK(fa_tool_parse_value("nan:0x1", FA_F32, &v, err, sizeof err) == 0);
    CHECK(v.type == FA_F32 && v.of.f32_bits == 0x7F800001u);
    CHECK(fa_tool_parse_value("7", 0, &v, err, sizeof err) != 0);
    CHECK_EQ_STR(err, "invalid value \"7\" (expected TYPE:VALUE, e.g. i32:7)");
    CHECK(fa_tool_parse_value("i32:", 0, &v, err, sizeof err) != 0);
    CHECK_EQ_STR(err, "invalid i32 value \"\"");
    CHECK(fa_tool_parse_value("i32:1.5", 0, &v, err, sizeof err) != 0);
    CHECK(fa_tool_parse_value("x32:5", 0, &v, err, sizeof err) != 0);
    /* references */
    CHECK(fa_tool_parse_value("funcref:null", 0, &v, err, sizeof err) == 0);
    CHECK(v.type == FA_FUNCREF && v.of.funcref == NULL);
    CHECK_EQ_STR(fa_tool_format_value(&v, buf, sizeof buf), "null");
    CHECK(fa_tool_parse_value("funcref:3", 0, &v, err, sizeof err) != 0);
    CHECK(fa_tool_parse_value("externref:null", 0, &v, err, sizeof err) == 0);
    CHECK(v.type == FA_EXTERNREF && v.of.externref == NULL);
    CHECK(fa_tool_parse_value("externref:0", 0, &v, err, sizeof err) == 0);
    CHECK(v.type == FA_EXTERNREF && v.of.externref != NULL);
    CHECK(fa_tool_externref_index(v.of.externref) == 0);
    CHECK_EQ_STR(fa_tool_format_value(&v, buf, sizeof buf), "ref");
    CHECK(fa_tool_parse_value("externref:42", 0, &v, err, sizeof err) == 0);
    CHECK(fa_tool_externref_index(v.of.externref) == 42);
    CHECK(fa_tool_parse_value("externref:-1", 0, &v, err, sizeof err) != 0);
    /* v128 */
    CHECK(fa_tool_parse_value("v128:i32x4:1,2,3,0xffffffff", 0, &v, err, sizeof err) == 0);
    CHECK(v.type == FA_V128 && v.of.v128.bytes[0] == 1 && v.of.v128.bytes[4] == 2 &&
          v.of.v128.bytes[15] == 0xFF);
    CHECK_EQ_STR(fa_tool_format_value(&v, buf, sizeof buf),
                 "i32x4:0x00000001,0x00000002,0x00000003,0xffffffff");
    CHECK(fa_tool_parse_value("v128:0x0102", 0, &v, err, sizeof err) == 0);
    CHECK(v.of.v128.bytes[0] == 0x02 && v.of.v128.bytes[1] == 0x01 && v.of.v128.bytes[2] == 0);
    CHECK(fa_tool_parse_value("v128:0x0123456789abcdef0123456789abcdef", 0, &v, err, sizeof err) ==
          0);
    CHECK(v.of.v128.bytes[0] == 0xEF && v.of.v128.bytes[15] == 0x01);
    CHECK(fa_tool_parse_value("v128:0x0123456789abcdef0123456789abcdef0", 0, &v, err, sizeof err) !=
          0);
    CHECK(fa_tool_parse_value("v128:i8x16:-1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", 0, &v, err,
                              sizeof err) == 0);
    CHECK(v.of.v128.bytes[0] == 0xFF && v.of.v128.bytes[15] == 16);
    CHECK(fa_tool_parse_value("v128:i8x16:1,2,3", 0, &v, err, sizeof err) != 0);
    CHECK(fa_tool_parse_value("v128:i32x4:1,2,3,4,5", 0, &v, err, sizeof err) != 0);
    CHECK(fa_tool_parse_value("v128:i32x4:1,2,,4", 0, &v, err, sizeof err) != 0);
    CHECK(fa_tool_parse_value("v128:f32x4:1,nan,-0,inf", 0, &v, err, sizeof err) == 0);
    CHECK(v.of.v128.bytes[7] == 0x7F && v.of.v128.bytes[6] == 0xC0 && v.of.v128.bytes[11] == 0x80);
    CHECK(fa_tool_parse_value("v128:f64x2:0x1p-3,-inf", 0, &v, err, sizeof err) == 0);
    CHECK(v.of.v128.bytes[7] == 0x3F && v.of.v128.bytes[15] == 0xFF);
    CHECK(fa_tool_parse_value("v128:i64x2:-1,1", 0, &v, err, sizeof err) == 0);
    CHECK(v.of.v128.bytes[7] == 0xFF && v.of.v128.bytes[8] == 1);
    CHECK(fa_tool_parse_value("v128:x9:1", 0, &v, err, sizeof err) != 0);

    CHECK_EQ_STR(fa_tool_valtype_name(FA_EXTERNREF), "externref");
    fa_valtype t;
    CHECK(fa_tool_parse_valtype("f64", 3, &t) == 0 && t == FA_F64);
    CHECK(fa_tool_parse_valtype("f6", 2, &t) != 0);
}

static const fa_test tests[] = {
    {"ints", t_ints},
    {"parse_f32", t_parse_f32},
    {"parse_f64", t_parse_f64},
    {"format_f32", t_format_f32},
    {"format_f64", t_format_f64},
    {"values", t_values},
};

FA_TEST_MAIN(tests)
