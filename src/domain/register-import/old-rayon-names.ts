// Names registers still use for units that were renamed, and older spellings of current names
// (../shared/data/README.md, "Known renamings" and the spellings listed after it). Keys are written as
// people write them; the resolver folds them like any other name.

export const OLD_RAYON_NAMES: ReadonlyArray<readonly [name: string, code: string]> = [
  // Districts renamed since the 1990s.
  ["Зыряновский район", "east_kazakhstan.altai"], ["Зырян ауданы", "east_kazakhstan.altai"], ["Zyryanovsk District", "east_kazakhstan.altai"],
  ["Зеленовский район", "west_kazakhstan.bayterek"], ["Зеленов ауданы", "west_kazakhstan.bayterek"], ["Zelenov District", "west_kazakhstan.bayterek"],
  ["Енбекшильдерский район", "akmola.birzhan_sal"], ["Еңбекшілдер ауданы", "akmola.birzhan_sal"], ["Enbekshilder District", "akmola.birzhan_sal"],
  ["Тарановский район", "kostanay.beimbet_mailin"], ["Таран ауданы", "kostanay.beimbet_mailin"], ["Taranovsky District", "kostanay.beimbet_mailin"],
  ["Качирский район", "pavlodar.terenkol"], ["Качиры", "pavlodar.terenkol"], ["Kachiry District", "pavlodar.terenkol"],
  ["Лебяжинский район", "pavlodar.akkuly"], ["Лебяжье", "pavlodar.akkuly"], ["Lebyazhye District", "pavlodar.akkuly"],
  ["Щучинский район", "akmola.burabay"], ["Shchuchinsk District", "akmola.burabay"],
  ["Луговской район", "zhambyl.turar_ryskulov"], ["Луговой", "zhambyl.turar_ryskulov"], ["Lugovoy District", "zhambyl.turar_ryskulov"],
  ["Целинный район", "north_kazakhstan.gabit_musrepov"], ["Tselinny District", "north_kazakhstan.gabit_musrepov"],
  ["Булаевский район", "north_kazakhstan.magzhan_zhumabayev"], ["Bulaevo District", "north_kazakhstan.magzhan_zhumabayev"],
  ["Советский район", "north_kazakhstan.akkayin"], ["Sovetsky District", "north_kazakhstan.akkayin"],
  ["Урдинский район", "west_kazakhstan.bokeyorda"], ["Urda District", "west_kazakhstan.bokeyorda"],
  // Older Russian spellings of current names.
  ["Маканчинский район", "abai.makanshy"], ["Жанасемейский район", "abai.zhanasemey"], ["Аксуатский район", "abai.aksuat"],
  ["Кызылкогинский район", "atyrau.kyzylkoga"], ["Чиилийский район", "kyzylorda.shieli"], ["Шиелийский район", "kyzylorda.shieli"],
  ["Жетисайский район", "turkestan.zhetisay"], ["Байтерекский район", "west_kazakhstan.bayterek"], ["Теренкольский район", "pavlodar.terenkol"],
  ["Аккулинский район", "pavlodar.akkuly"], ["Алтайский район", "east_kazakhstan.altai"], ["Маркакольский район", "east_kazakhstan.markakol"],
  ["Самарский район", "east_kazakhstan.samar"], ["Сауранский район", "turkestan.sauran"], ["Байдибекский район", "turkestan.baidibek"],
  // Renamed cities.
  ["Капшагай", "almaty_region.konaev_city"], ["Kapshagay", "almaty_region.konaev_city"], ["Қапшағай", "almaty_region.konaev_city"],
  ["Уральск", "west_kazakhstan.oral_city"], ["Uralsk", "west_kazakhstan.oral_city"],
  ["Усть-Каменогорск", "east_kazakhstan.oskemen_city"], ["Ust-Kamenogorsk", "east_kazakhstan.oskemen_city"], ["Oskemen", "east_kazakhstan.oskemen_city"],
  ["Петропавловск", "north_kazakhstan.petropavl_city"], ["Petropavlovsk", "north_kazakhstan.petropavl_city"],
  ["Лениногорск", "east_kazakhstan.ridder_city"], ["Leninogorsk", "east_kazakhstan.ridder_city"],
  ["Семипалатинск", "abai.semey_city"], ["Semipalatinsk", "abai.semey_city"],
  ["Нур-Султан", "astana_city"], ["Nur-Sultan", "astana_city"], ["Нұр-Сұлтан", "astana_city"],
];
